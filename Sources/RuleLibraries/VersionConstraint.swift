import Foundation

/// A requirement on a version, as `depends` writes it: `>= 1.0`, `< 2`, `= 1.2.3`, or the
/// pessimistic `~> 1.2` (at least 1.2, below 2.0) and `~> 1.2.3` (at least 1.2.3, below 1.3.0).
///
/// ```swift
/// let c = try VersionConstraint.parse("~> 1.2")
/// c.isSatisfied(by: SemanticVersion("1.9.0")!)   // true
/// c.isSatisfied(by: SemanticVersion("2.0.0")!)   // false
/// ```
public struct VersionConstraint: Equatable, Sendable, CustomStringConvertible {
    /// The comparison.
    public enum Operator: String, CaseIterable, Sendable {
        case atLeast = ">=", atMost = "<=", above = ">", below = "<", exactly = "=", pessimistic = "~>"
    }

    /// The comparison.
    public var op: Operator
    /// The version compared with, missing parts read as 0.
    public var version: SemanticVersion
    /// How many of major, minor, patch the text gave (1 to 3): `~>` bumps the one before last.
    public var precision: Int

    /// Parses `OP VERSION`; a bare version means `=`. Throws a message naming what is wrong.
    public static func parse(_ text: String) throws -> VersionConstraint {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let op = Operator.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
            .first { trimmed.hasPrefix($0.rawValue) }
        let rest = op.map { String(trimmed.dropFirst($0.rawValue.count)) } ?? trimmed
        let versionText = rest.trimmingCharacters(in: .whitespaces)
        guard let version = SemanticVersion(versionText, partial: true) else {
            throw LibraryError("'\(text)' is not a version constraint: write OP VERSION with OP one of >=, <=, >, <, =, ~> (e.g. \">= 1.0\", \"~> 1.2\")")
        }
        let precision = versionText.split(separator: "-")[0].split(separator: "+")[0].split(separator: ".").count
        if op == .pessimistic && precision < 2 {
            throw LibraryError("'\(text)': ~> needs at least MAJOR.MINOR (\"~> 1.2\" means >= 1.2, < 2.0)")
        }
        return VersionConstraint(op: op ?? .exactly, version: version, precision: precision)
    }

    /// Whether `v` meets the constraint.
    public func isSatisfied(by v: SemanticVersion) -> Bool {
        switch op {
        case .atLeast: return v >= version
        case .atMost: return v <= version
        case .above: return v > version
        case .below: return v < version
        case .exactly: return v == version
        case .pessimistic: return v >= version && v < upperBound
        }
    }

    /// For `~>`: the first version no longer accepted.
    var upperBound: SemanticVersion {
        precision >= 3 ? SemanticVersion(version.major, version.minor + 1, 0)
                       : SemanticVersion(version.major + 1, 0, 0)
    }

    /// `~> 1.2`, as written.
    public var description: String {
        let shown = [version.major, version.minor, version.patch].prefix(precision).map(String.init).joined(separator: ".")
        return "\(op.rawValue) \(shown)\(version.prerelease.isEmpty ? "" : "-" + version.prerelease.joined(separator: "."))"
    }
}

/// One entry of a manifest's `depends`: a library name (or `pmo` itself) and its constraint.
///
/// ```swift
/// let d = try Dependency.parse("acme-core ~> 1.2")   // name "acme-core", constraint ~> 1.2
/// ```
public struct Dependency: Equatable, Sendable, CustomStringConvertible {
    /// The library's name, or `pmo` for the program.
    public var name: String
    /// What versions will do; nil accepts any.
    public var constraint: VersionConstraint?

    /// Parses `NAME [OP VERSION]`.
    public static func parse(_ text: String) throws -> Dependency {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let name = String(trimmed.prefix { !$0.isWhitespace && !"<>=~".contains($0) })
        guard LibraryManifest.isLibraryName(name) else {
            throw LibraryError("'\(text)' does not start with a library name (lower-case letters, digits, '-' and '.'), e.g. \"acme-core ~> 1.2\"")
        }
        let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        return Dependency(name: name, constraint: rest.isEmpty ? nil : try VersionConstraint.parse(rest))
    }

    /// `acme-core ~> 1.2`.
    public var description: String { constraint.map { "\(name) \($0)" } ?? name }
}
