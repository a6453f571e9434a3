import Foundation
import LuaKit
import PMOScripting
import XCTest

/// Shared helpers: the worker binary next to the test bundle, and tight limits so that the
/// adversarial cases end quickly.
enum SandboxHarness {
    /// `.build/<config>/pmo`, built because SandboxTests depends on the `pmo` target.
    static var pmoExecutable: String {
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("pmo").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        // Bundle.main is the xctest runner on some platforms; fall back on the working tree.
        return FileManager.default.currentDirectoryPath + "/.build/debug/pmo"
    }

    /// Limits tight enough that every adversarial case ends in well under a second.
    static var tight: SandboxLimits {
        SandboxLimits(memoryBytes: 16 << 20, instructions: 20_000_000, seconds: 0.5,
                      killGraceSeconds: 0.15, printBytes: 4096)
    }
}

extension XCTestCase {
    /// Runs `code` in a fresh in-process sandbox; returns its results or its error.
    func sandboxed(_ code: String, limits: SandboxLimits = SandboxHarness.tight,
                   library: SandboxLibrary? = nil,
                   file: StaticString = #filePath, line: UInt = #line) -> Result<[LuaData], SandboxError> {
        do {
            let sandbox = try Sandbox(limits: limits)
            return .success(try sandbox.run(source: code, name: "=test", library: library))
        } catch let e as SandboxError {
            return .failure(e)
        } catch {
            XCTFail("not a SandboxError: \(error)", file: file, line: line)
            return .failure(SandboxError(kind: .worker, message: "\(error)"))
        }
    }

    /// The error `code` ends in, in process; fails the test if it succeeds.
    func sandboxError(_ code: String, limits: SandboxLimits = SandboxHarness.tight,
                      file: StaticString = #filePath, line: UInt = #line) -> SandboxError? {
        switch sandboxed(code, limits: limits, file: file, line: line) {
        case .success(let r):
            XCTFail("expected an error, got \(r)", file: file, line: line)
            return nil
        case .failure(let e):
            return e
        }
    }

    /// The error `code` ends in when run in `worker`; fails the test if it succeeds. Also checks
    /// that the host carries on: the same worker object runs a trivial chunk afterwards.
    func workerError(_ code: String, limits: SandboxLimits = SandboxHarness.tight,
                     worker: SandboxWorker = SandboxWorker(executable: SandboxHarness.pmoExecutable),
                     store: StoreFixture? = nil,
                     file: StaticString = #filePath, line: UInt = #line) -> SandboxError? {
        defer {
            let after = try? worker.run(SandboxRequest(.chunk(source: "return 1 + 1", name: "=after")))
            XCTAssertEqual(after?.results, [2], "the host carries on after the failure", file: file, line: line)
        }
        do {
            let out = try worker.run(SandboxRequest(.chunk(source: code, name: "=test"), limits: limits, store: store?.path))
            XCTFail("expected an error, got \(out.results)", file: file, line: line)
            return nil
        } catch let e as SandboxError {
            return e
        } catch {
            XCTFail("not a SandboxError: \(error)", file: file, line: line)
            return nil
        }
    }
}
