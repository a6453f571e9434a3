import Foundation
import XCTest

/// Runs the real `pmo` binary (built next to the test bundle: EndToEndTests depends on it)
/// the way a user's shell would, with a clean environment: no PMO_WORKSPACE, PMO_TODAY or
/// NO_COLOR leaking in from the developer's shell unless a test sets them.
struct PMOProcess {
    /// What one run produced.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The binary under test: the `pmo` in the build folder of this test bundle
    /// (`.build/debug`, or wherever `--build-path` and `-c` put it). EndToEndTests depends on
    /// the `pmo` target, so `swift build --build-tests` and `swift test` build it.
    static let binary: URL = {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("pmo")
    }()

    /// The binary, or a failure saying where it was looked for: a test that cannot run it
    /// must not pass as skipped.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String {
            "\(PMOProcess.binary.path) is missing, though the test target depends on `pmo`; run `swift build --build-tests`"
        }
    }

    static func requireBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw NotBuilt() }
    }
    /// An example script of the repository.
    static func script(_ name: String) -> String { root.appendingPathComponent("scripts/\(name)").path }
    /// A file of the shared third-party test data beside the repository.
    static func sharedData(_ path: String) -> String {
        root.deletingLastPathComponent().appendingPathComponent("shared/data/\(path)").path
    }

    /// Runs `executable` (the pmo binary unless given) with `arguments` in `folder`.
    static func run(_ arguments: [String], in folder: String, environment extra: [String: String] = [:],
                    stdin: String? = nil, executable: String? = nil) throws -> Outcome {
        try requireBinary()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        for name in ["PMO_WORKSPACE", "PMO_TODAY", "NO_COLOR"] { environment[name] = nil }
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot fill one and stall.
        nonisolated(unsafe) var stderr = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A test case with its own temporary folder, removed afterwards.
class EndToEndCase: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("pmo-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Runs pmo in the test's folder (or `in` a folder below it).
    func pmo(_ arguments: String..., in sub: String? = nil, environment: [String: String] = [:],
             stdin: String? = nil) throws -> PMOProcess.Outcome {
        try PMOProcess.run(arguments, in: sub.map { path($0) } ?? folder, environment: environment, stdin: stdin)
    }

    /// A path inside the test's folder.
    func path(_ relative: String) -> String { (folder as NSString).appendingPathComponent(relative) }

    /// Writes a text file inside the test's folder.
    func write(_ text: String, to relative: String) throws {
        let file = path(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    /// Makes `name` a demo workspace (40 projects, seed 1: the built-in demo) and returns its path.
    @discardableResult
    func demoWorkspace(_ name: String = "ws", projects: Int = 40) throws -> String {
        let r = try pmo("demo", "--projects", String(projects), name)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path(name)
    }
}
