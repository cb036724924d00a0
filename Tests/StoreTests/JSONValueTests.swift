import Foundation
import Testing
import Vocabulary

/// The hand-written JSON of the headless commands reads back, through Foundation's parser, to
/// exactly what was written: hostile strings, numbers at the edges, sorted keys, nulls.
struct JSONValueTests {
    @Test func hostileStringsAndEdgeNumbersReadBackExactly() throws {
        let hostile = "quote \" backslash \\ newline \n tab \t bell \u{07} escape \u{1B}[31m é 漢 🙂 / end"
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1e-300, 3.532673577883855e-148, 123_456_789.125, 9.5e15, 1e22]
        let value = JSONValue.object([
            "text": .string(hostile),
            "numbers": .array(numbers.map { .number($0) }),
            "count": .integer(Int64.max),
            "missing": .number(nil),
            "nan": .number(Double.nan),
            "infinite": .number(-Double.infinity),
            "flag": .bool(true),
        ])
        let text = value.text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["text"] as? String == hostile)
        let read = try #require(object["numbers"] as? [NSNumber]).map(\.doubleValue)
        #expect(read == numbers)
        #expect((object["count"] as? NSNumber)?.int64Value == Int64.max)
        #expect(object["missing"] is NSNull && object["nan"] is NSNull && object["infinite"] is NSNull)
        #expect(object["flag"] as? Bool == true)
        #expect(!text.contains("\u{1B}") && !text.contains("\n"), "control characters are escaped: \(text)")
        #expect(text.hasPrefix(#"{"count":9223372036854775807,"flag":true,"infinite":null,"missing":null,"nan":null,"#))
        #expect(text.contains(#""numbers":[0,0,1,-1,0.1,1e-300,3.532673577883855e-148,123456789.125,9.5e+15,1e+22]"#))
    }
}
