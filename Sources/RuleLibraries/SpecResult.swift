/// The outcome of one `it` of a library's specs.
public struct SpecResult: Equatable, Sendable {
    /// pass, fail (an assertion), error (anything else raised), pending (not written yet).
    public enum Status: String, Sendable {
        case pass, fail, error, pending
    }

    /// The describe titles and the test's title, joined by spaces.
    public var name: String
    /// The spec file, relative to the library.
    public var file: String
    /// What happened.
    public var status: Status
    /// Why it failed, when it did.
    public var message: String?

    /// Creates a result.
    public init(name: String, file: String, status: Status, message: String? = nil) {
        self.name = name
        self.file = file
        self.status = status
        self.message = message
    }

    /// Whether the run fails because of this result.
    public var isFailure: Bool { status == .fail || status == .error }
}
