import Testing
import Vocabulary

/// Stored label text read back: escapes, text beyond ASCII, and malformed text kept to what
/// parsed.
struct StoredLabelsTests {
    @Test func escapesAndTextBeyondASCIIReadBack() {
        let text = #"experiment="tö\"ne",path="C:\\models",prompt="line\nbreak",variant="β""#
        #expect(
            StoredLabels.parse(text) == [
                "experiment": "tö\"ne", "path": #"C:\models"#, "prompt": "line\nbreak", "variant": "β",
            ]
        )
        #expect(StoredLabels.parse("") == [:])
    }

    @Test func aMalformedPairEndsTheReadingAndKeepsWhatWasRead() {
        #expect(StoredLabels.parse(#"a="1",b=2,c="3""#) == ["a": "1"])
        #expect(StoredLabels.parse(#"a="1",b="unclosed"#) == ["a": "1"])
        #expect(StoredLabels.parse(#"a="1","#) == ["a": "1"])
    }
}
