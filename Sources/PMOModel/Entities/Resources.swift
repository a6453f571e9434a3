import Foundation

/// A person, a role, material or a cost in the resource pool.
public struct Resource: Codable, Hashable, Sendable {
    /// Stable id, e.g. `RES-007`.
    public var id: String
    /// Name of the person or role.
    public var name: String
    /// The resource's working-time calendar (MSPDI `Resource/CalendarUID`), nil for none.
    public var calendarId: String? = nil
    /// Person, role (a generic placeholder), material, or cost (a cost item, no hours).
    public var kind: ResourceKind
    /// Job role, e.g. `developer`, `business analyst`.
    public var role: String?
    /// Skills, separated by `;` (e.g. `swift;sql`).
    public var skills: String?
    /// Hours per week the resource can work.
    public var capacityHoursPerWeek: Double?
    /// Cost per hour in the organisation's currency.
    public var costRate: Double?
    /// First day available.
    public var availableFrom: Day?
    /// Last day available.
    public var availableTo: Day?
    /// True for a budget resource (MS Project's `IsBudget`): it carries the project's budget
    /// of work or cost on the project-level assignments, and has no capacity.
    public var isBudget: Bool = false

    /// Creates a resource.
    public init(id: String, name: String, kind: ResourceKind = .person, role: String? = nil, skills: String? = nil,
                capacityHoursPerWeek: Double? = nil, costRate: Double? = nil, availableFrom: Day? = nil, availableTo: Day? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.role = role
        self.skills = skills
        self.capacityHoursPerWeek = capacityHoursPerWeek
        self.costRate = costRate
        self.availableFrom = availableFrom
        self.availableTo = availableTo
    }

    /// The skills as a list.
    public var skillList: [String] {
        (skills ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// What a resource is.
public enum ResourceKind: String, Codable, CaseIterable, Sendable {
    /// A named person.
    case person
    /// A generic role, before a person is named.
    case role
    /// Material or equipment.
    case material
    /// A cost item (travel, fees): money without work or capacity (MS Project's cost resource).
    case cost
}

/// Planned hours of a resource on a project (or task) over a period.
public struct Assignment: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The resource.
    public var resourceId: String
    /// The project.
    public var projectId: String
    /// The task, if the assignment is at task level.
    public var taskId: String?
    /// First day of the period.
    public var periodStart: Day
    /// Last day of the period.
    public var periodEnd: Day
    /// Hours planned over the whole period.
    public var plannedHours: Double
    /// The budget cost a budget resource carries on a project-level assignment.
    public var budgetCost: Double?
    /// The budget work (hours) a budget resource carries on a project-level assignment.
    public var budgetWorkHours: Double?

    /// Creates an assignment.
    public init(id: String, resourceId: String, projectId: String, taskId: String? = nil,
                periodStart: Day, periodEnd: Day, plannedHours: Double) {
        self.id = id
        self.resourceId = resourceId
        self.projectId = projectId
        self.taskId = taskId
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.plannedHours = plannedHours
    }
}

/// Hours a resource booked on a project (or task) in the week ending on a day.
public struct Timesheet: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The resource.
    public var resourceId: String
    /// The project.
    public var projectId: String
    /// The task, if booked at task level.
    public var taskId: String?
    /// Last day of the booked week.
    public var weekEnding: Day
    /// Hours booked.
    public var hours: Double

    /// Creates a timesheet line.
    public init(id: String, resourceId: String, projectId: String, taskId: String? = nil, weekEnding: Day, hours: Double) {
        self.id = id
        self.resourceId = resourceId
        self.projectId = projectId
        self.taskId = taskId
        self.weekEnding = weekEnding
        self.hours = hours
    }
}
