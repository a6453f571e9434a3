import Foundation
import XCTest

/// Runs programs for the report tests: the built `pmo` (`PMOProcess.binary`), in a
/// fresh temporary folder, with the environment the test chooses.
struct ReportHarness {
    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = PMOProcess.binary
    static let portfolioReport = root.appendingPathComponent("scripts/portfolio-report.lua").path

    let folder: String

    /// A file a test expected is not there.
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no file at \(path)" }
    }

    /// A harness in a new temporary folder that the test case removes when it ends.
    init(_ test: XCTestCase) throws {
        try PMOProcess.requireBinary()
        folder = NSTemporaryDirectory() + "pmo-report-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        test.addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String { folder + "/" + name }

    /// Writes a file into the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// Runs `executable` (default: pmo) in the folder. `environment` adds to (or, with nil
    /// values, removes from) this process's environment.
    func run(_ arguments: [String], executable: String? = nil, environment: [String: String?] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? Self.binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // stderr goes to a file, so that a full stderr pipe can never stall the child while
        // this thread reads stdout.
        let errPath = folder + "/.stderr-" + UUID().uuidString
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        try? FileManager.default.removeItem(atPath: errPath)
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `pmo run ARGS...`.
    func pmoRun(_ arguments: String..., environment: [String: String?] = [:]) throws -> Outcome {
        try run(["run"] + arguments, environment: environment)
    }

    /// The contents of a file in the folder.
    func contents(_ name: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw Missing(path: path(name))
        }
        return data
    }

    /// The first executable named `name` on PATH, or nil.
    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
