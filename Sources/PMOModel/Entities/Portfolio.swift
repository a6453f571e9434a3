/// A portfolio: a set of programs and projects managed together against strategy.
public struct Portfolio: Codable, Hashable, Sendable {
    /// Stable id (the portfolio code), e.g. `DIGITAL`.
    public var id: String
    /// Display name.
    public var name: String
    /// What the portfolio is for.
    public var description: String?
    /// The enclosing portfolio, for nested portfolios.
    public var parentId: String?
    /// Person accountable for the portfolio.
    public var manager: String?
    /// Executive sponsor.
    public var sponsor: String?

    /// Creates a portfolio.
    public init(id: String, name: String, description: String? = nil, parentId: String? = nil,
                manager: String? = nil, sponsor: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.parentId = parentId
        self.manager = manager
        self.sponsor = sponsor
    }
}

/// A program: related projects managed together for benefits none would give alone.
public struct Program: Codable, Hashable, Sendable {
    /// Stable id (the program code).
    public var id: String
    /// Display name.
    public var name: String
    /// What the program is for.
    public var description: String?
    /// The portfolio the program belongs to.
    public var portfolioId: String?
    /// Program manager.
    public var manager: String?
    /// Executive sponsor.
    public var sponsor: String?

    /// Creates a program.
    public init(id: String, name: String, description: String? = nil, portfolioId: String? = nil,
                manager: String? = nil, sponsor: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.portfolioId = portfolioId
        self.manager = manager
        self.sponsor = sponsor
    }
}
