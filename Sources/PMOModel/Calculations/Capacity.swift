/// A resource's planned load against its capacity over a window of days.
public struct ResourceLoad: Hashable, Sendable {
    /// The resource.
    public var resourceId: String
    /// Planned hours falling in the window.
    public var plannedHours: Double
    /// Hours available in the window (capacity per week times weeks).
    public var capacityHours: Double

    /// Planned over available hours; above 1 means over-allocated.
    public var utilisation: Double? { capacityHours > 0 ? plannedHours / capacityHours : nil }
    /// True when more hours are planned than the resource has.
    public var isOverAllocated: Bool { plannedHours > capacityHours + 1e-9 }

    /// Sums each resource's assignments over `window`, spreading an assignment's hours evenly
    /// over its calendar days so a partly overlapping assignment counts in proportion.
    public static func loads(resources: [Resource], assignments: [Assignment], window: ClosedRange<Day>) -> [ResourceLoad] {
        let windowDays = Double(window.lowerBound.days(to: window.upperBound) + 1)
        var planned: [String: Double] = [:]
        for a in assignments {
            let lo = max(a.periodStart, window.lowerBound), hi = min(a.periodEnd, window.upperBound)
            guard lo <= hi else { continue }
            let total = Double(a.periodStart.days(to: a.periodEnd) + 1)
            planned[a.resourceId, default: 0] += a.plannedHours * Double(lo.days(to: hi) + 1) / total
        }
        return resources.map { r in
            ResourceLoad(resourceId: r.id, plannedHours: planned[r.id] ?? 0,
                         capacityHours: (r.capacityHoursPerWeek ?? 0) * windowDays / 7)
        }
    }
}
