/// An agile work item (a Jira issue): the input of flow metrics (lead time, throughput).
public struct WorkItem: Codable, Hashable, Sendable {
    /// Stable id: the tracker's key, e.g. `SUS-14`.
    public var id: String
    /// The project the item belongs to, if known.
    public var projectId: String?
    /// Type, e.g. `Story`, `Bug`, `Task`.
    public var type: String?
    /// Workflow status, e.g. `To Do`, `Done`.
    public var status: String?
    /// Title.
    public var summary: String?
    /// Day created.
    public var created: Day?
    /// Day resolved; nil while open.
    public var resolved: Day?
    /// Assignee.
    public var assignee: String?
    /// Original estimate in hours.
    public var originalEstimateHours: Double?
    /// Remaining estimate in hours.
    public var remainingEstimateHours: Double?
    /// Time spent in hours.
    public var timeSpentHours: Double?
    /// Story points.
    public var storyPoints: Double?
    /// The tracker's project key, e.g. `SMRGR` (Jira's `Project key`).
    public var projectKey: String?
    /// Priority as the tracker names it, e.g. `Minor`.
    public var priority: String?
    /// Who reported it.
    public var reporter: String?
    /// The long text.
    public var description: String?
    /// The last sprint the item was in (the last of `sprints`).
    public var sprint: String?
    /// Every sprint the item was in, in the tracker's order, one a line.
    public var sprints: String?
    /// Labels, in the tracker's order, one a line.
    public var labels: String?
    /// Day due.
    public var dueDate: Day?
    /// Day its status category last changed (Jira's `Status Category Changed`): the one
    /// trace of its status history a Jira CSV export carries.
    public var statusChanged: Day?

    /// Creates a work item.
    public init(id: String, projectId: String? = nil, type: String? = nil, status: String? = nil, summary: String? = nil,
                created: Day? = nil, resolved: Day? = nil, assignee: String? = nil, originalEstimateHours: Double? = nil,
                remainingEstimateHours: Double? = nil, timeSpentHours: Double? = nil, storyPoints: Double? = nil,
                projectKey: String? = nil, priority: String? = nil, reporter: String? = nil, description: String? = nil,
                sprint: String? = nil, sprints: String? = nil, labels: String? = nil, dueDate: Day? = nil, statusChanged: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.type = type
        self.status = status
        self.summary = summary
        self.created = created
        self.resolved = resolved
        self.assignee = assignee
        self.originalEstimateHours = originalEstimateHours
        self.remainingEstimateHours = remainingEstimateHours
        self.timeSpentHours = timeSpentHours
        self.storyPoints = storyPoints
        self.projectKey = projectKey
        self.priority = priority
        self.reporter = reporter
        self.description = description
        self.sprint = sprint
        self.sprints = sprints
        self.labels = labels
        self.dueDate = dueDate
        self.statusChanged = statusChanged
    }
}

/// A field an importer found that the model has no column for, kept by entity and id.
public struct CustomField: Codable, Hashable, Sendable {
    /// Table of the entity, e.g. `projects`.
    public var entity: String
    /// Id of the entity.
    public var entityId: String
    /// Field name as it appeared in the source (a CSV header, a JSON key).
    public var name: String
    /// Value as text.
    public var value: String?

    /// Creates a custom field.
    public init(entity: String, entityId: String, name: String, value: String?) {
        self.entity = entity
        self.entityId = entityId
        self.name = name
        self.value = value
    }
}
