import ArgumentParser
import Foundation
import PMOStore
import Workbench

/// Runs a command's work; bad input or an unusable store is printed on stderr as
/// `pmo: <message>` and ends the process with exit status 3 (`ExitStatus.dataError`).
func reportingDataErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DataError {
        FileHandle.standardError.write(Data("pmo: \(error)\n".utf8))
        throw ExitCode(ExitStatus.dataError)
    } catch let error as StoreError {
        FileHandle.standardError.write(Data("pmo: \(error)\n".utf8))
        throw ExitCode(ExitStatus.dataError)
    } catch let error as CocoaError {
        // A file that cannot be read or written (a folder where a file should be, no space).
        FileHandle.standardError.write(Data("pmo: \(error.localizedDescription)\n".utf8))
        throw ExitCode(ExitStatus.dataError)
    }
}

/// The store file used when `--store` is not given (workspaces come later).
let defaultStorePath = "pmo.sqlite"
