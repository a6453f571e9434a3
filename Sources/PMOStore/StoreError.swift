/// Why a store could not be opened or used.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The message, in the house style: what went wrong, where, and what to do next.
    public let description: String

    /// Creates an error with a message.
    public init(_ description: String) { self.description = description }
}
