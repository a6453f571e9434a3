import PMOModel

/// Encodes a model record straight into the column values of a prepared insert, by property
/// name (camelCase properties map to snake_case columns). Writing a dataset this way avoids
/// GRDB's Codable record path, which costs several times more per row: the demo portfolio at
/// 10,000 projects is 1.6 million rows.
final class FieldEncoder: Encoder {
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]
    /// Column index for each property name, nil for a property with no column.
    private var index: [String: Int?] = [:]
    private let columns: [String]
    var values: [FieldValue]
    /// A property the table has no column for, found during the last `encode`.
    private(set) var unmapped: String?
    /// The columns some encoded record has a property for (nil ones included): the columns
    /// the model carries, which an import's update sets (`TableRefresh`).
    private(set) var mentioned: [Bool]

    init(columns: [String]) {
        self.columns = columns
        values = Array(repeating: .null, count: columns.count)
        mentioned = Array(repeating: false, count: columns.count)
    }

    func note(_ i: Int) {
        if !mentioned[i] { mentioned[i] = true }
    }

    /// Encodes `record` into `values` (every column reset to NULL first). Throws when the
    /// record has a property without a column, so a model change can never drop data silently.
    func encode(_ record: some Encodable) throws {
        for i in values.indices { values[i] = .null }
        try record.encode(to: self)
        if let unmapped {
            throw StoreError("\(type(of: record)).\(unmapped) has no column \(FieldEncoder.snakeCase(unmapped)); add it with a migration")
        }
    }

    func position(of key: String) -> Int? {
        if let known = index[key] { return known }
        let found = columns.firstIndex(of: FieldEncoder.snakeCase(key))
        index[key] = found
        return found
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("records encode as keyed containers") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("records encode as keyed containers") }

    /// Captures the one value that a property type (a Day, an enum) encodes of itself.
    final class Single: Encoder, SingleValueEncodingContainer {
        let codingPath: [any CodingKey] = []
        let userInfo: [CodingUserInfoKey: Any] = [:]
        var value: FieldValue = .null
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { fatalError("not a single value") }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("not a single value") }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }
        func encodeNil() { value = .null }
        func encode(_ v: Bool) { value = .integer(v ? 1 : 0) }
        func encode(_ v: String) { value = .text(v) }
        func encode(_ v: Double) { value = .real(v) }
        func encode(_ v: Float) { value = .real(Double(v)) }
        func encode(_ v: Int) { value = .integer(Int64(v)) }
        func encode(_ v: Int8) { value = .integer(Int64(v)) }
        func encode(_ v: Int16) { value = .integer(Int64(v)) }
        func encode(_ v: Int32) { value = .integer(Int64(v)) }
        func encode(_ v: Int64) { value = .integer(v) }
        func encode(_ v: UInt) { value = .integer(Int64(v)) }
        func encode(_ v: UInt8) { value = .integer(Int64(v)) }
        func encode(_ v: UInt16) { value = .integer(Int64(v)) }
        func encode(_ v: UInt32) { value = .integer(Int64(v)) }
        func encode(_ v: UInt64) { value = .integer(Int64(v)) }
        func encode<T: Encodable>(_ v: T) throws { try v.encode(to: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: FieldEncoder
        var codingPath: [any CodingKey] { [] }

        private func set(_ value: FieldValue, _ key: Key) {
            if let i = encoder.position(of: key.stringValue) {
                encoder.values[i] = value
                encoder.note(i)
            } else {
                encoder.unmapped = key.stringValue
            }
        }

        func encodeNil(forKey key: Key) { set(.null, key) }
        func encode(_ v: Bool, forKey key: Key) { set(.integer(v ? 1 : 0), key) }
        func encode(_ v: String, forKey key: Key) { set(.text(v), key) }
        func encode(_ v: Double, forKey key: Key) { set(.real(v), key) }
        func encode(_ v: Float, forKey key: Key) { set(.real(Double(v)), key) }
        func encode(_ v: Int, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: Int8, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: Int16, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: Int32, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: Int64, forKey key: Key) { set(.integer(v), key) }
        func encode(_ v: UInt, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: UInt8, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: UInt16, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: UInt32, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode(_ v: UInt64, forKey key: Key) { set(.integer(Int64(v)), key) }
        func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
            if let day = v as? Day { return set(.text(day.description), key) }
            let single = Single()
            try v.encode(to: single)
            set(single.value, key)
        }

        // An optional property that is nil is still the model's column: noted, set to NULL.
        func encodeIfPresent(_ v: Bool?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: String?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Double?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Float?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Int?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Int8?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Int16?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Int32?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: Int64?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: UInt?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: UInt8?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: UInt16?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: UInt32?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent(_ v: UInt64?, forKey key: Key) { if let v { encode(v, forKey: key) } else { encodeNil(forKey: key) } }
        func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws {
            if let v { try encode(v, forKey: key) } else { encodeNil(forKey: key) }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            fatalError("records have no nested containers")
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { fatalError("records have no nested containers") }
        func superEncoder() -> any Encoder { encoder }
        func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }
}
