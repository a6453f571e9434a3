/// A semantic version, `MAJOR.MINOR.PATCH` with an optional `-prerelease` (semver.org 2.0).
/// Build metadata (`+...`) is accepted and ignored when comparing, as semver says.
///
/// ```swift
/// SemanticVersion("1.2.0")! < SemanticVersion("1.10.0")!    // true
/// SemanticVersion("1.0.0-rc.1")! < SemanticVersion("1.0.0")! // true
/// ```
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Incompatible changes.
    public var major: Int
    /// Compatible additions.
    public var minor: Int
    /// Fixes.
    public var patch: Int
    /// Dot-separated pre-release identifiers (`rc.1`); empty for a release.
    public var prerelease: [String]

    /// Creates a version.
    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses `1.2.3`, `1.2.3-rc.1` or `1.2.3+build`; nil for anything else. `partial` also
    /// accepts `1` and `1.2` (as constraints write them), reading the missing parts as 0.
    public init?(_ text: String, partial: Bool = false) {
        let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 || (partial && (1...2).contains(numbers.count)) else { return nil }
        var values: [Int] = []
        for n in numbers {
            guard !n.isEmpty, n.allSatisfy(\.isASCII), n.allSatisfy(\.isNumber),
                  n == "0" || !n.hasPrefix("0"), let v = Int(n) else { return nil }
            values.append(v)
        }
        while values.count < 3 { values.append(0) }
        var pre: [String] = []
        if parts.count == 2 {
            pre = parts[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard pre.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else { return nil }
        }
        self.init(values[0], values[1], values[2], prerelease: pre)
    }

    /// `1.2.3` or `1.2.3-rc.1`.
    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: "."))
    }

    /// Semver precedence: numbers first; a pre-release sorts before its release; identifiers
    /// compare numerically when both are numbers, else as text, and a shorter list sorts first.
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        if a.prerelease.isEmpty || b.prerelease.isEmpty { return !a.prerelease.isEmpty && b.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (_?, nil): return true
            case (nil, _?): return false
            default: return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}
