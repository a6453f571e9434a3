import Days

/// The critical path method over one project's network, as MS Project schedules forward from
/// the project start.
///
/// Sources: the critical path method as GAO's Schedule Assessment Guide (GAO-16-89G, Best
/// Practice 6, "Confirming that the critical path is valid") and DCMA-EA PAM 200.1 (2012)
/// describe it (forward pass for early dates, backward pass from the finish for late dates,
/// total float = late - early, free float against the successors' early dates); MS Project's
/// semantics where the method leaves a choice, as Microsoft documents them (the MSPDI schema
/// reference for `TotalSlack`, `FreeSlack`, `Critical`; "Link tasks in a project", "Set a
/// constraint date for a task", "Set a deadline" in Project's help): links between summary
/// tasks bind all their subtasks, a task's total slack is the smaller of its start and finish
/// slack, a task is critical when its total slack is at or below zero, every task's late finish
/// is bounded by the project's finish.
///
/// What the engine chooses where the network is incomplete (each named in
/// `ScheduleResult.problems`, never guessed):
/// - a task on a cycle of links is left unscheduled (nil dates); so is a non-summary task with
///   no duration (`noDuration`, unless it is a milestone, or a manual task with both dates).
///   Links from and to an unscheduled task are ignored: its successors are driven by their
///   other predecessors and the project start.
/// - a link naming a task that is not in the network is reported (`unknownTask`) and ignored.
/// - a calendar id with no calendar is reported (`unknownCalendar`); the task then works on the
///   project's calendar (the project, on the standard calendar).
public enum CriticalPath {
    /// Schedules `network`: early and late dates, floats and critical paths of every task.
    ///
    /// - Parameters:
    ///   - network: the project's tasks and links.
    ///   - calendars: the working time of the calendars the network names.
    ///   - delays: extra working minutes added to the named tasks' durations (the DCMA critical
    ///     path test delays a critical task and checks the finish moves as much). Ids that
    ///     name no task are ignored.
    /// - Returns: per task in network order, its dates and floats; the project's finish, critical
    ///   path length and critical paths; what could not be scheduled.
    public static func schedule(_ network: ScheduleNetwork, calendars: any WorkTimelines,
                                delays: [String: Int] = [:]) -> ScheduleResult {
        let engine = CriticalPathEngine(network: network, calendars: calendars, delays: delays)
        return engine.run()
    }

    /// At most this many critical paths are listed (a network with many parallel critical
    /// chains has a number of paths exponential in its size); the longest come first among
    /// those enumerated.
    public static let maximumCriticalPaths = 64
}
