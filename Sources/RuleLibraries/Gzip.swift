import Foundation

/// gzip through the system's `gzip` command: `-n` leaves out the name and the timestamp, so
/// the same bytes in give the same bytes out.
enum Gzip {
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] { try run(["-n", "-9", "-c"], bytes) }
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] { try run(["-d", "-c"], bytes) }

    static func run(_ arguments: [String], _ input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write on another thread so a large input cannot deadlock against a full stdout pipe.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LibraryError("gzip \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
        }
        return [UInt8](out)
    }
}
