import Foundation
import XCTest

/// Issue 22: `pmo run` of a plain Lua script behaves exactly as the stock `lua5.4`: the same
/// stdout, the same stderr (with `pmo:` where `/usr/bin/lua5.4:` names itself, as lua.c prints
/// its progname) and the same exit status. Each script runs under both, in the same folder.
final class PlainLuaTests: EndToEndCase {
    static let lua = "/usr/bin/lua5.4"

    /// Runs `script` (written to `name`) under both interpreters with `arguments` and `stdin`,
    /// and asserts they agree.
    func assertSameAsLua(_ script: String, name: String = "s.lua", arguments: [String] = [], stdin: String? = nil,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.lua) else {
            throw XCTSkip("\(Self.lua) is not installed (tools/install-deps installs it)")
        }
        try write(script, to: name)
        let ours = try PMOProcess.run(["run", name] + arguments, in: folder, stdin: stdin)
        let theirs = try PMOProcess.run([name] + arguments, in: folder, stdin: stdin, executable: Self.lua)
        XCTAssertEqual(ours.stdout, theirs.stdout, "stdout", file: file, line: line)
        let expected = theirs.stderr.replacingOccurrences(of: Self.lua + ": ", with: "pmo: ")
        XCTAssertEqual(ours.stderr, expected, "stderr", file: file, line: line)
        XCTAssertEqual(ours.status, theirs.status, "exit status", file: file, line: line)
    }

    func testArgumentsAndExitStatusAreLuas() throws {
        try assertSameAsLua("print(#arg, arg[0], arg[1], arg[2], ...)\nos.exit(tonumber(arg[1]))", arguments: ["3", "x y"])
    }

    func testAnUncaughtErrorPrintsLuasMessageAndTraceback() throws {
        try assertSameAsLua("local function f(x) return x.y end\nlocal function g() return f(nil) + 1 end\nprint('before')\ng()\n")
    }

    func testAnErrorObjectThatIsATablePrintsAsLuaSaysIt() throws {
        try assertSameAsLua("error({ code = 2 })")
    }

    func testAnErrorObjectWithToStringPrintsItsText() throws {
        try assertSameAsLua("error(setmetatable({}, { __tostring = function() return 'custom failure' end }))")
    }

    func testASyntaxErrorInTheScriptIsReportedAsLuaReportsIt() throws {
        try assertSameAsLua("local x = = 1\n")
    }

    func testRequireOfAMissingModuleFailsWithLuasMessage() throws {
        try assertSameAsLua("local ok, e = pcall(require, 'no.such.module')\nprint(ok)\nprint(e)\nrequire('other_missing')\n")
    }

    func testRequireSearchesLoadsAndCachesModulesAsLuaDoes() throws {
        // What the official attrib.lua checks of `require`, run under both interpreters:
        // package.path and searchpath, the loader data as a second result, package.loaded,
        // package.preload, a module returning nothing, a module that fails, and the messages.
        // (pmo adds one searcher, for its embedded pmo.* modules; it speaks only for those.)
        try write("return { name = ..., file = select(2, ...) }\n", to: "mods/alpha.lua")
        try write("x_loaded = (x_loaded or 0) + 1\n", to: "mods/sub/beta.lua")
        try write("error('broken module')\n", to: "mods/gamma.lua")
        try assertSameAsLua("""
            package.path = './mods/?.lua;./mods/?/init.lua'
            local a, where = require('alpha')
            print(a.name, a.file, where, package.loaded.alpha == a, require('alpha') == a)
            print(require('sub.beta'), x_loaded, require('sub.beta'), x_loaded)
            print(package.searchpath('sub.beta', package.path))
            print(package.searchpath('nope', package.path))
            package.preload.pre = function(...) return { ... } end
            local pre = require('pre')
            print(pre[1], pre[2])
            print(pcall(require, 'gamma'))
            print(pcall(require, 'missing.mod'))
            print(type(package.searchers), package.config:sub(1, 1))
            print(require('string') == string, package.loaded._G == _G)
            """)
    }

    func testStandardInputOutputAndErrorStreamsAreLuas() throws {
        try assertSameAsLua("""
            for l in io.lines() do io.write(l:upper(), '|') end
            io.stderr:write('to stderr\\n')
            print(string.format('%5.2f %q %d', math.pi, 'a\\nb', 7 // 2), 7 / 2, 2^53, math.maxinteger)
            """, stdin: "one\ntwo\n")
    }

    func testOsExitWithABooleanAndClosingIsLuas() throws {
        try assertSameAsLua("io.write('partial')\nos.exit(false, true)")
    }

    func testAScriptFromStandardInputIsLuas() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.lua) else { throw XCTSkip("\(Self.lua) is not installed") }
        let code = "print(arg[0], ...)\nerror('from stdin')\n"
        let ours = try PMOProcess.run(["run", "-", "a"], in: folder, stdin: code)
        let theirs = try PMOProcess.run(["-", "a"], in: folder, stdin: code, executable: Self.lua)
        XCTAssertEqual(ours.stdout, theirs.stdout)
        XCTAssertEqual(ours.stderr, theirs.stderr.replacingOccurrences(of: Self.lua + ": ", with: "pmo: "))
        XCTAssertEqual(ours.status, theirs.status)
    }
}
