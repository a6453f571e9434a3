import LuaKit

extension SandboxError {
    /// Why a value cannot leave the sandbox, from LuaKit's reader of plain data (which reads
    /// with raw access only, so no metamethod of sandboxed code runs in the host).
    init(_ failure: LuaDataReader.Failure) {
        let path = failure.path
        let message: String
        switch failure.refusal {
        case .tooManyValues:
            message = "the result is too large to leave the sandbox"
        case .tooManyStringBytes(let limit):
            message = "the result holds more than \(limit) bytes of strings, too many to leave the sandbox"
        case .tooDeep(let limit):
            message = "tables nested more than \(limit) deep cannot leave the sandbox"
        case .stackExhausted:
            message = "the Lua stack cannot hold tables nested this deep"
        case .cycle:
            message = "the table refers to itself (a cycle) and cannot leave the sandbox"
        case .unreadableTable:
            message = "the table could not be read"
        case .keyType(let type):
            message = "a table key of type \(type) cannot leave the sandbox"
        case .valueType(let type):
            message = "a \(type) cannot leave the sandbox (only nil, booleans, numbers, strings and tables of them can)"
        }
        self.init(kind: .result, message: "\(path): \(message)")
    }
}
