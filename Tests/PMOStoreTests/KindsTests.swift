import GRDB
@testable import PMOStore
import XCTest

/// The kinds' declaration (`Kinds`) against the live schema of a store this build makes.
final class KindsTests: XCTestCase {
    /// Every table of an empty store, SQLite's own aside.
    func liveTables() throws -> [String] {
        try PortfolioStore().database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
    }

    func testEveryTableIsAKindOrADeclaredNonKind() throws {
        for table in try liveTables() {
            XCTAssertTrue(Kinds.ofTable(table) != nil || Kinds.nonKinds[table] != nil,
                          "table \(table) is neither a kind in Kinds.all nor in Kinds.nonKinds")
        }
    }

    func testEveryKindAndNonKindIsALiveTable() throws {
        let tables = Set(try liveTables())
        for kind in Kinds.all { XCTAssertTrue(tables.contains(kind.table), "kind \(kind.name): no table \(kind.table)") }
        for table in Kinds.nonKinds.keys { XCTAssertTrue(tables.contains(table), "non-kind \(table) is not a table") }
    }

    func testKindNamesTablesTitlesAndPluralsAreUnique() {
        for key in [\Kind.name, \Kind.table, \Kind.title, \Kind.plural] {
            let values = Kinds.all.map { $0[keyPath: key] }
            XCTAssertEqual(values.count, Set(values).count, "duplicates in \(values)")
        }
    }

    func testLabelAndAsOfColumnsAreColumnsOfTheKindsTable() throws {
        try PortfolioStore().database.read { db in
            for kind in Kinds.all {
                let table = try XCTUnwrap(try StoreSchema.schema(ofTable: kind.table, in: db))
                if let label = kind.label { XCTAssertNotNil(table.column(label), "\(kind.name).label \(label)") }
                if let asOf = kind.asOf {
                    XCTAssertEqual(table.column(asOf)?.type, .date, "\(kind.name).asOf \(asOf) is not a date column")
                }
            }
        }
    }

    /// Every foreign key of a kind's table gives the child its parent, and the parent its
    /// children unless a declared exception says the module has its own.
    func testEveryForeignKeyIsARelation() throws {
        let relations = try Kinds.currentRelations()
        try PortfolioStore().database.read { db in
            for kind in Kinds.all {
                let table = try XCTUnwrap(try StoreSchema.schema(ofTable: kind.table, in: db))
                for column in table.columns {
                    guard let parentTable = column.references else { continue }
                    let parent = try XCTUnwrap(Kinds.ofTable(parentTable), "\(kind.table).\(column.name) references \(parentTable), not a kind")
                    XCTAssertTrue(relations.contains { $0.kind == kind.name && $0.target == parent.name && $0.column == column.name && !$0.many },
                                  "\(kind.table).\(column.name): no relation from \(kind.name) to \(parent.name)")
                    let declared = Kinds.relationNames["\(kind.table).\(column.name)"]
                    if declared == nil || declared?.many != nil {
                        XCTAssertTrue(relations.contains { $0.kind == parent.name && $0.target == kind.name && $0.column == column.name && $0.many },
                                      "\(kind.table).\(column.name): no list of \(kind.plural) on \(parent.name)")
                    }
                }
            }
        }
    }

    func testEveryDeclaredRelationNameIsAForeignKey() throws {
        try PortfolioStore().database.read { db in
            for key in Kinds.relationNames.keys {
                let parts = key.split(separator: ".").map(String.init)
                let table = try XCTUnwrap(try StoreSchema.schema(ofTable: parts[0], in: db), key)
                XCTAssertNotNil(table.column(parts[1])?.references, "\(key) is not a foreign key")
            }
        }
    }

    /// A relation named like a field would never be reached (a record's fields come first),
    /// and two relations of one name would hide one another.
    func testRelationNamesAreNeitherFieldsNorRepeated() throws {
        let relations = try Kinds.currentRelations()
        try PortfolioStore().database.read { db in
            for kind in Kinds.all {
                let table = try XCTUnwrap(try StoreSchema.schema(ofTable: kind.table, in: db))
                let names = relations.filter { $0.kind == kind.name }.map(\.name)
                XCTAssertEqual(names.count, Set(names).count, "\(kind.name) has relations of one name: \(names.sorted())")
                for name in names { XCTAssertNil(table.column(name), "\(kind.name):\(name)() is also a field") }
            }
        }
    }

    func testRelationsAreDerivedFromTheKeyColumnAndThePlural() throws {
        let relations = try Kinds.currentRelations()
        func has(_ kind: String, _ name: String, _ target: String) -> Bool {
            relations.contains { $0.kind == kind && $0.name == name && $0.target == target }
        }
        XCTAssertTrue(has("risk", "project", "project"))
        XCTAssertTrue(has("project", "risks", "risk"))
        XCTAssertTrue(has("resource", "timesheets", "timesheet"))
        XCTAssertTrue(has("task", "parent", "task"))
        XCTAssertTrue(has("task", "children", "task"))
        XCTAssertFalse(relations.contains { $0.kind == "project" && $0.name == "timephased" })
    }

    /// Every parent a relation returns can be looked up by id (`pmo.<name>(id)`).
    func testEveryParentKindHasALookupById() throws {
        for r in try Kinds.currentRelations() where !r.many {
            XCTAssertEqual(Kinds.named(r.target)?.lookup, .list, "\(r.kind):\(r.name)() returns a \(r.target), which has no pmo.\(r.target)(id)")
        }
    }
}
