/// Checks that a library can join the installed ones: its `depends` are met (by pmo's own
/// version and the installed libraries), it breaks no installed library's `depends`, and no
/// other library already owns one of its roots (or a namespace inside or around one).
///
/// ```swift
/// try LibraryResolver(installed: manifests).check(candidate)   // throws LibraryError
/// ```
public struct LibraryResolver {
    /// The manifests of the installed libraries.
    public var installed: [LibraryManifest]
    /// The pmo version `depends = { "pmo >= 1.0" }` is checked against.
    public var pmoVersion = PMOVersion.current

    /// Creates a resolver over the installed libraries.
    public init(installed: [LibraryManifest]) {
        self.installed = installed
    }

    /// Throws a `LibraryError` explaining the first conflict, if any.
    public func check(_ candidate: LibraryManifest) throws {
        let label = "\(candidate.name) \(candidate.version)"
        let others = installed.filter { $0.name != candidate.name }
        for root in candidate.roots {
            for other in others {
                for claimed in other.roots where Self.overlap(root, claimed) {
                    throw LibraryError("cannot install \(label): its root '\(root)' overlaps '\(claimed)', owned by \(other.name) \(other.version); two libraries cannot own one namespace (remove \(other.name) first, or rename a root)")
                }
            }
        }
        for dependency in candidate.depends {
            if dependency.name == "pmo" {
                if let c = dependency.constraint, !c.isSatisfied(by: pmoVersion) {
                    throw LibraryError("cannot install \(label): it needs pmo \(c), and this is pmo \(pmoVersion); upgrade pmo or pick another version of \(candidate.name)")
                }
                continue
            }
            guard let found = others.first(where: { $0.name == dependency.name }) else {
                throw LibraryError("cannot install \(label): it needs \(dependency), which is not installed; install \(dependency.name) first")
            }
            if let c = dependency.constraint, !c.isSatisfied(by: found.version) {
                throw LibraryError("cannot install \(label): it needs \(dependency), but \(found.name) \(found.version) is installed; install a matching version of \(found.name) first")
            }
        }
        for other in others {
            for dependency in other.depends where dependency.name == candidate.name {
                if let c = dependency.constraint, !c.isSatisfied(by: candidate.version) {
                    throw LibraryError("cannot install \(label): the installed \(other.name) \(other.version) needs \(dependency), which \(candidate.version) does not meet; update or remove \(other.name) first")
                }
            }
        }
    }

    /// Names of the installed libraries that depend on `name`.
    public func dependents(of name: String) -> [String] {
        installed.filter { $0.depends.contains { $0.name == name } }.map(\.name).sorted()
    }

    /// Whether two roots claim a common namespace: equal, or one inside the other.
    static func overlap(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + ".") || b.hasPrefix(a + ".")
    }
}
