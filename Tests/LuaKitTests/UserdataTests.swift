import LuaKit
import XCTest

final class Account {
    nonisolated(unsafe) static var live = 0
    var owner: String
    var balance: Double
    var closed = false
    init(owner: String, balance: Double = 0) {
        self.owner = owner
        self.balance = balance
        Account.live += 1
    }
    deinit { Account.live -= 1 }
}

/// Swift objects exposed through declared metatables.
final class UserdataTests: XCTestCase {
    var lua: LuaState!
    var metatable: LuaMetatable<Account>!

    override func setUpWithError() throws {
        lua = try LuaState()
        metatable = LuaMetatable<Account>("Account") { mt in
            mt.property("owner") { $0.owner }
            mt.property("balance", get: { $0.balance }, set: { $0.balance = $1 })
            mt.method("deposit") { account, call in
                account.balance += try call.argument(2, as: Double.self)
                return 0
            }
            mt.tostring { "Account(\($0.owner))" }
            mt.eq { $0.owner == $1.owner }
            mt.lt { $0.balance < $1.balance }
            mt.len { Int($0.balance) }
            mt.close { $0.closed = true }
            mt.pairs { [unowned self] account, call in
                // Lua's own `next` over a snapshot of the fields.
                call.push(self.lua.global("next"))
                call.push(["owner": LuaValue.string(LuaString(account.owner)), "balance": .number(account.balance)])
                call.push(LuaValue.nil)
                return 3
            }
        }
        try lua.register(metatable)
    }

    func push(_ name: String, _ a: Account) { lua.setGlobal(name, lua.object(a, metatable)) }

    func testReadOnlyPropertyReads() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("return a.owner"), ["Ada"])
    }

    func testReadWritePropertyWrites() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        try lua.run("a.balance = 12.5")
        XCTAssertEqual(acct.balance, 12.5)
    }

    func testWritingAReadOnlyPropertyIsAnError() {
        push("a", Account(owner: "Ada"))
        XCTAssertThrowsError(try lua.run("a.owner = 'Bob'", name: "=t")) { e in
            XCTAssertEqual((e as? LuaError)?.fullMessage, "t:1: cannot set read-only field 'owner' of Account")
        }
    }

    func testWritingAPropertyWithTheWrongTypeNamesTheField() {
        push("a", Account(owner: "Ada"))
        XCTAssertThrowsError(try lua.run("a.balance = 'lots'", name: "=t")) { e in
            XCTAssertEqual((e as? LuaError)?.message,
                           "bad value for field 'balance' of Account (number expected, got string)")
        }
    }

    func testMethodMutatesTheObject() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        try lua.run("a:deposit(5); a:deposit(2.5)")
        XCTAssertEqual(acct.balance, 7.5)
    }

    func testMethodOnAForeignValueIsRefused() {
        push("a", Account(owner: "Ada"))
        XCTAssertThrowsError(try lua.run("a.deposit({}, 1)", name: "=t")) { e in
            XCTAssertEqual((e as? LuaError)?.message, "bad argument #1 to 'deposit' (Account expected, got table)")
        }
    }

    func testTypeCheckIsByMetatableIdentityNotName() throws {
        push("a", Account(owner: "Ada"))
        // A table wearing the same __name is not an Account.
        try lua.run("fake = setmetatable({}, {__name = 'Account'})")
        lua.push(lua.global("fake"))
        XCTAssertNil(lua.object(at: -1, metatable))
        lua.pop()
        lua.push(lua.global("a"))
        XCTAssertNotNil(lua.object(at: -1, metatable))
        lua.pop()
    }

    func testIndexFunctionCalledWithAForeignSelfIsAnErrorNotACrash() {
        push("a", Account(owner: "Ada"))
        XCTAssertThrowsError(try lua.run("return getmetatable(a).__index({}, 'owner')"))
        XCTAssertThrowsError(try lua.run("return getmetatable(a).__index(setmetatable({}, getmetatable(a)), 'owner')"))
    }

    func testTostringAndName() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("return tostring(a), getmetatable(a).__name"), ["Account(Ada)", "Account"])
    }

    func testEqualityAndOrdering() throws {
        push("a", Account(owner: "Ada", balance: 1))
        push("b", Account(owner: "Ada", balance: 2))
        push("c", Account(owner: "Cy", balance: 0))
        XCTAssertEqual(try lua.run("return a == b, a == c, a < b, c < a, a == {}"), [true, false, true, true, false])
    }

    func testLength() throws {
        push("a", Account(owner: "Ada", balance: 41.9))
        XCTAssertEqual(try lua.run("return #a"), [41])
    }

    func testPairsIteratesDeclaredFields() throws {
        push("a", Account(owner: "Ada", balance: 3))
        let r = try lua.run("local t = {} for k, v in pairs(a) do t[#t+1] = k .. '=' .. tostring(v) end table.sort(t) return table.concat(t, ',')")
        XCTAssertEqual(r, ["balance=3.0,owner=Ada"])
    }

    func testCloseRunsAtScopeExit() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        try lua.run("do local x <close> = a end")
        XCTAssertTrue(acct.closed)
    }

    func testGarbageCollectionReleasesTheSwiftObject() throws {
        let before = Account.live
        try lua.run("") // warm
        push("a", Account(owner: "Tmp"))
        XCTAssertEqual(Account.live, before + 1)
        try lua.run("a = nil; collectgarbage(); collectgarbage()")
        XCTAssertEqual(Account.live, before)
    }

    func testUnknownFieldReadsNilAndUnknownWriteFails() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("return a.nope"), [.nil])
        XCTAssertThrowsError(try lua.run("a.nope = 1"))
    }
}

