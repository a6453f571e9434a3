/// A rule library operation that cannot go on: a bad manifest value, a conflict, a changed
/// file. The message says what, where and what to do next.
public struct LibraryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong and what to do.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
