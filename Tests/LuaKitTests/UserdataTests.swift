import LuaKit
import XCTest

final class Account {
    nonisolated(unsafe) static var live = 0
    var owner: String
    var balance: Double
    var closed = false
    var tags = ["new"]
    /// How many times Lua ran the `owner` getter.
    var ownerReads = 0
    init(owner: String, balance: Double = 0) {
        self.owner = owner
        self.balance = balance
        Account.live += 1
    }
    deinit { Account.live -= 1 }
}

/// Swift objects exposed through declared metatables.
final class Ledger {
    nonisolated(unsafe) static var reads = 0
}

/// Swift objects exposed through declared metatables.
final class UserdataTests: XCTestCase {
    var lua: LuaState!
    var metatable: LuaMetatable<Account>!

    override func setUpWithError() throws {
        lua = try LuaState()
        metatable = LuaMetatable<Account>("Account") { mt in
            mt.property("owner") { $0.ownerReads += 1; return $0.owner }
            mt.property("balance", get: { $0.balance }, set: { $0.balance = $1 })
            mt.property("tags") { $0.tags }
            mt.property("owner_reads", live: true) { $0.ownerReads }
            // Getters with a side effect on another property (a fee per statement).
            mt.property("statement", live: true) { account in
                account.balance -= 1
                return "\(account.owner): \(account.balance)"
            }
            mt.property("refreshed_statement", live: true) { [unowned self] account in
                account.balance -= 1
                self.lua.refresh()
                return "\(account.owner): \(account.balance)"
            }
            mt.method("deposit") { account, call in
                account.balance += try call.argument(2, as: Double.self)
                return 0
            }
            mt.tostring { "Account(\($0.owner))" }
            mt.eq { $0.owner == $1.owner }
            mt.lt { $0.balance < $1.balance }
            mt.le { $0.balance <= $1.balance }
            mt.len { Int($0.balance) }
            mt.close { $0.closed = true }
            mt.metamethod("__call") { call in call.push("called"); return 1 }
            mt.readsBeforeCaching = 0  // cache from the first read, so that tests see it at once
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

    // ---- cached property values -------------------------------------------------------------

    func testCachedReadReturnsTheSwiftValue() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        XCTAssertEqual(try lua.run("return a.owner, a.owner, a.owner"), ["Ada", "Ada", "Ada"])
        XCTAssertEqual(acct.ownerReads, 1, "later reads come from the cache")
    }

    func testFirstReadsOfAnObjectGoThroughSwiftThenAreCached() throws {
        let counted = LuaMetatable<Ledger>("Counted") { mt in
            mt.property("n") { _ in Ledger.reads += 1; return Ledger.reads }
        }
        XCTAssertEqual(counted.readsBeforeCaching, 16)
        try lua.register(counted)
        lua.setGlobal("l", lua.object(Ledger(), counted))
        Ledger.reads = 0
        XCTAssertEqual(try lua.run("local n; for i = 1, 20 do n = l.n end; return n, l.n"), [17, 17])
        XCTAssertEqual(Ledger.reads, 17, "16 uncached reads, then one that is cached")
    }

    func testLuaSetterIsVisibleOnTheNextReadAndInSwift() throws {
        let acct = Account(owner: "Ada", balance: 1)
        push("a", acct)
        XCTAssertEqual(try lua.run("local before = a.balance; a.balance = 7; return before, a.balance"), [1, 7])
        XCTAssertEqual(acct.balance, 7)
    }

    func testMethodThatMutatesTheObjectIsVisibleOnTheNextRead() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("local before = a.balance; a:deposit(5); return before, a.balance"), [0, 5])
    }

    func testSwiftFunctionThatMutatesAnObjectIsVisibleOnTheNextRead() throws {
        let b = Account(owner: "Bo")
        push("b", b)
        lua.register("pay_bo") { _ in b.balance += 2; return 0 }
        XCTAssertEqual(try lua.run("local before = b.balance; pay_bo(); return before, b.balance"), [0, 2])
    }

    func testSwiftMutationBetweenRunsIsVisibleWithoutRefresh() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        XCTAssertEqual(try lua.run("return a.balance"), [0])
        acct.balance = 3
        XCTAssertEqual(try lua.run("return a.balance"), [3])
    }

    func testGetterSideEffectIsNotSeenByCachedValuesWithoutRefresh() throws {
        // Documented: Swift code that Lua does not see run (here a getter charging a fee) leaves
        // the values cached before it in place.
        let acct = Account(owner: "Ada", balance: 10)
        push("a", acct)
        XCTAssertEqual(try lua.run("local b = a.balance; local s = a.statement; return b, a.balance, s"),
                       [10, 10, "Ada: 9.0"])
        XCTAssertEqual(acct.balance, 9)
    }

    func testRefreshAfterASwiftSideMutationShowsTheNewValue() throws {
        push("a", Account(owner: "Ada", balance: 10))
        XCTAssertEqual(try lua.run("local b = a.balance; local s = a.refreshed_statement; return b, a.balance"),
                       [10, 9])
    }

    func testLivePropertyIsReadThroughSwiftEveryTime() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("local _ = a.owner; local _ = a.owner; return a.owner_reads, a.owner_reads"), [1, 1])
        XCTAssertEqual(try lua.run("local x = a.statement; return a.statement"), ["Ada: -2.0"])
    }

    func testTableValuedPropertyIsTheSameTableUntilTheCacheIsDropped() throws {
        // Documented: a script that changes the table sees its change until Swift next runs.
        push("a", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("local t = a.tags; t[1] = 'scribbled'; return rawequal(t, a.tags), a.tags[1]"),
                       [true, "scribbled"])
        XCTAssertEqual(try lua.run("return a.tags[1]"), ["new"])
    }

    // ---- identity and type checks -----------------------------------------------------------

    func testSameObjectPushedTwiceIsRawequal() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        push("b", acct)
        push("c", Account(owner: "Ada"))
        XCTAssertEqual(try lua.run("return rawequal(a, b), rawequal(a, c)"), [true, false])
    }

    func testTypeCheckRejectsAForeignUserdata() throws {
        push("a", Account(owner: "Ada"))
        lua.push(lua.global("io").tableValue!["stdout"])
        XCTAssertNil(lua.object(at: -1, metatable))
        lua.pop()
        XCTAssertThrowsError(try lua.run("a.deposit(io.stdout, 1)")) { e in
            XCTAssertEqual((e as? LuaError)?.message, "bad argument #1 to 'deposit' (Account expected, got FILE*)")
        }
    }

    func testTypeCheckRejectsAnObjectOfAnotherType() throws {
        let ledgers = LuaMetatable<Ledger>("Ledger")
        try lua.register(ledgers)
        push("a", Account(owner: "Ada"))
        lua.setGlobal("l", lua.object(Ledger(), ledgers))
        lua.push(lua.global("l"))
        XCTAssertNil(lua.object(at: -1, metatable))
        XCTAssertNotNil(lua.object(at: -1, ledgers))
        lua.pop()
        XCTAssertThrowsError(try lua.run("a.deposit(l, 1)")) { e in
            XCTAssertEqual((e as? LuaError)?.message, "bad argument #1 to 'deposit' (Account expected, got Ledger)")
        }
    }

    func testTypeCheckRejectsATableCraftedToLookLikeOne() throws {
        push("a", Account(owner: "Ada"))
        try lua.run("local _ = a.owner; fake = setmetatable({}, getmetatable(a))")
        lua.push(lua.global("fake"))
        XCTAssertNil(lua.object(at: -1, metatable))
        lua.pop()
        XCTAssertThrowsError(try lua.run("a.deposit(fake, 1)")) { e in
            // (Lua names a value by its metatable's __name, which the fake borrowed.)
            XCTAssertEqual((e as? LuaError)?.message, "bad argument #1 to 'deposit' (Account expected, got Account)")
        }
    }

    func testScriptsSeeOneSharedMetatableThatChangesNothing() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        push("b", Account(owner: "Bo"))
        let r = try lua.run("""
            local _ = a.owner                     -- a has its own metatable now, b not yet
            local mt = getmetatable(a)
            local same = mt == getmetatable(b)
            mt.__index.deposit = nil              -- the visible table is not the real one
            mt.__tostring = nil
            a:deposit(4)
            return same, mt.__name, tostring(a), pcall(setmetatable, a, {})
            """)
        XCTAssertEqual(r[0...3], [true, "Account", "Account(Ada)", false])
        XCTAssertEqual(acct.balance, 4)
    }

    func testLuaKitFunctionsCalledByHandWithForeignValuesFailCleanly() throws {
        // Only the debug library reaches the real metatables; what it finds must not crash.
        let acct = Account(owner: "Ada")
        push("a", acct)
        let r = try lua.run("""
            local mt = debug.getmetatable(a)
            local first = select(2, pcall(mt.__index, {}, 'owner'))
            local _ = a.owner
            local values = debug.getmetatable(a).__index
            local miss = debug.getmetatable(values).__index
            local missed = select(2, pcall(miss, {}, 'balance'))
            local set = select(2, pcall(mt.__newindex, io.stdout, 'balance', 1))
            mt.__gc({}); mt.__gc(io.stdout)
            return first, missed, set, a.owner
            """)
        // (called by pcall, a C function: no position)
        XCTAssertEqual(r, ["attempt to read field 'owner' of a foreign object",
                           "attempt to read field 'balance' of a foreign object",
                           "attempt to write field 'balance' of a foreign object", "Ada"])
    }

    // ---- lifetime -----------------------------------------------------------------------------

    func testGarbageCollectionReleasesAnObjectWithCachedValues() throws {
        let before = Account.live
        push("a", Account(owner: "Tmp"))
        try lua.run("local _ = a.owner, a.balance; b = a")
        XCTAssertEqual(Account.live, before + 1)
        try lua.run("a, b = nil, nil; collectgarbage(); collectgarbage()")
        XCTAssertEqual(Account.live, before)
    }

    func testClosingTheStateReleasesEveryObject() throws {
        let before = Account.live
        push("a", Account(owner: "Read"))
        push("b", Account(owner: "Unread"))
        try lua.run("local _ = a.owner")
        XCTAssertEqual(Account.live, before + 2)
        lua = nil
        XCTAssertEqual(Account.live, before)
    }

    func testDetachedObjectErrorsCleanly() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        try lua.run("local _ = a.owner, a.balance")
        XCTAssertTrue(lua.detach(acct, metatable))
        XCTAssertFalse(lua.detach(acct, metatable))
        for (code, message) in [
            ("return a.owner", "t:1: attempt to read field 'owner' of a released Account"),
            ("a.balance = 1", "t:1: attempt to write field 'balance' of a released Account"),
            ("a.deposit(a, 1)", "t:1: bad argument #1 to 'deposit' (Account expected, got a released Account)"),
            // (called by tostring, a C function: no position)
            ("return tostring(a)", "bad argument #1 to '__tostring' (Account expected, got a released Account)"),
        ] {
            XCTAssertThrowsError(try lua.run(code, name: "=t"), code) { e in
                XCTAssertEqual((e as? LuaError)?.fullMessage, message)
            }
        }
        lua.push(lua.global("a"))
        XCTAssertNil(lua.object(at: -1, metatable))
        lua.pop()
    }

    func testDetachReleasesLuasHoldAtOnce() throws {
        let before = Account.live
        var acct: Account? = Account(owner: "Ada")
        push("a", acct!)
        lua.detach(acct!, metatable)
        acct = nil
        XCTAssertEqual(Account.live, before, "released although the script still holds the userdata")
        XCTAssertEqual(try lua.run("return a ~= nil"), [true])
    }

    func testPushingADetachedObjectAgainMakesANewUserdata() throws {
        let acct = Account(owner: "Ada")
        push("a", acct)
        lua.detach(acct, metatable)
        push("b", acct)
        XCTAssertEqual(try lua.run("return rawequal(a, b), b.owner"), [false, "Ada"])
    }

    func testAllMetamethodsWorkOnAnObjectWithCachedValues() throws {
        let acct = Account(owner: "Ada", balance: 2)
        push("a", acct)
        push("b", Account(owner: "Ada", balance: 3))
        let r = try lua.run("""
            local _ = a.owner, b.owner
            local keys = {}
            for k in pairs(a) do keys[#keys + 1] = k end
            table.sort(keys)
            do local x <close> = a end
            return tostring(a), a == b, a < b, b <= a, #a, table.concat(keys, ','), a(), getmetatable(a).__name
            """)
        XCTAssertEqual(r, ["Account(Ada)", true, true, false, 2, "balance,owner", "called", "Account"])
        XCTAssertTrue(acct.closed)
    }

    func testWritingAnUnknownFieldOfAnObjectWithCachedValuesIsAnError() throws {
        push("a", Account(owner: "Ada"))
        XCTAssertThrowsError(try lua.run("local _ = a.owner; a.nope = 1", name: "=t")) { e in
            XCTAssertEqual((e as? LuaError)?.fullMessage, "t:1: cannot set unknown field 'nope' of Account")
        }
    }

    func testUserdataOperationsLeaveTheStackBalanced() throws {
        let acct = Account(owner: "Ada")
        lua.push("sentinel")
        let top = lua.top
        push("a", acct)
        push("a", acct)
        try lua.run("local _ = a.owner")
        lua.refresh()
        try lua.run("local _ = a.owner")
        lua.refresh()
        lua.push(lua.global("a"))
        _ = lua.object(at: -1, metatable)
        lua.pop()
        lua.detach(acct, metatable)
        lua.detach(acct, metatable)
        XCTAssertEqual(lua.top, top)
        XCTAssertEqual(lua.string(at: -1), "sentinel")
    }
}
