import Foundation
import PMOModel
import PMOScripting
import PMOStore

/// Where a command's store is: a file named on the command line, `pmo.sqlite` in the current
/// directory, or, when there is neither, the demo portfolio built in memory.
public enum StoreLocation {
    case file(String)
    case demo

    /// `--store FILE` when given, else `./pmo.sqlite` if it exists, else the demo.
    public static func resolve(_ option: String?) -> StoreLocation {
        if let option { return .file(option) }
        if FileManager.default.fileExists(atPath: "pmo.sqlite") { return .file("pmo.sqlite") }
        return .demo
    }

    /// Opens the store; a file must exist (reading a store that is not there is a data error,
    /// not a reason to create an empty one).
    public func open() throws -> PortfolioStore {
        switch self {
        case .file(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreOpenError(message: "no store at \(path) (create one with `pmo import` or `pmo demo`)")
            }
            return try PortfolioStore(path: path)
        case .demo:
            return try PortfolioStore.demo(projects: 40, seed: 1)
        }
    }

    /// A session that opens this store on first use.
    public func session() -> PMOSession {
        PMOSession { try self.open() }
    }
}

/// The store named could not be opened.
public struct StoreOpenError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
