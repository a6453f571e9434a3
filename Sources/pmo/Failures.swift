import ArgumentParser
import Foundation
import PMOStore
import PMOWorkspace
import RuleLibraries
import Workbench

/// Runs a command's work and turns the failures every command shares into `pmo: <message>`
/// on stderr and the documented exit status: bad input, an unusable store or a malformed
/// config is a data error (3); a workspace named on the command line or in PMO_WORKSPACE that
/// is not one is a usage error (2); a rule library that cannot be used (a bad manifest, a
/// conflict, a file changed since install) is a data error (3).
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DataError {
        throw fail("\(error)", ExitStatus.dataError)
    } catch let error as StoreError {
        throw fail("\(error)", ExitStatus.dataError)
    } catch let error as ConfigError {
        throw fail("\(error)", ExitStatus.dataError)
    } catch let error as WorkspaceError {
        throw fail("\(error)", ExitStatus.usage)
    } catch let error as LibraryError {
        throw fail("\(error)", ExitStatus.dataError)
    }
}

/// Prints `pmo: message` on stderr and returns the exit code to throw.
func fail(_ message: String, _ status: Int32) -> ExitCode {
    FileHandle.standardError.write(Data("pmo: \(message)\n".utf8))
    return ExitCode(status)
}
