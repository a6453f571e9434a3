/// The version of pmo itself, which a library's `depends = { "pmo >= 1.0" }` is checked against.
public enum PMOVersion {
    /// This build's version.
    public static let current = SemanticVersion(1, 0, 0)
}
