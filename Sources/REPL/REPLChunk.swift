import LuaKit

/// What the text typed so far is, once compiled. This is lua.c's rule: first try the text as
/// `return <text>` (so `1 + 1` prints 2), then as statements; a syntax error whose message
/// ends in `<eof>` means the input stops too early, so the REPL asks for another line.
enum REPLChunk {
    /// An expression: run it and print its values.
    case expression(LuaFunction)
    /// Statements: run them; print what an explicit `return` gives back.
    case statements(LuaFunction)
    /// Valid so far but unfinished (`for i = 1, 3 do`): read another line. The error is
    /// what Lua says if no more input comes.
    case incomplete(LuaError)
    /// A syntax error that more input cannot fix.
    case invalid(LuaError)

    /// Compiles `text` for `session` under `chunkName`. The text is judged as typed; only a
    /// valid input is rewritten and compiled with the session's locals in scope.
    static func compile(_ text: String, chunkName: String, in session: REPLSession) -> REPLChunk {
        let lua = session.lua
        if (try? lua.load("return " + text, name: chunkName)) != nil {
            do {
                return .expression(try session.compile("return " + text, name: chunkName))
            } catch let error as LuaError {
                return .invalid(error)
            } catch {
                return .invalid(LuaError(kind: .syntax, message: String(describing: error)))
            }
        }
        do {
            _ = try lua.load(text, name: chunkName)
            let rewrite = SessionLocalsRewrite(rewriting: text)
            return .statements(try session.compile(rewrite.code, name: chunkName, declaring: rewrite.names,
                                                   constants: rewrite.constants))
        } catch let error as LuaError {
            return isIncomplete(error) ? .incomplete(error) : .invalid(error)
        } catch {
            return .invalid(LuaError(kind: .syntax, message: String(describing: error)))
        }
    }

    /// Whether a syntax error only says that the input ended too early.
    static func isIncomplete(_ error: LuaError) -> Bool {
        error.kind == .syntax && error.message.hasSuffix("<eof>")
    }
}
