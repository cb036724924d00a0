import Config
import Testing

struct TimestampTextTests {
    @Test func readsDatesAndTimesWithTheirZone() {
        #expect(parseTimestamp("1970-01-01") == 0)
        #expect(parseTimestamp("2026-12-01T09:00:00Z") == 1_796_115_600_000)
        #expect(parseTimestamp("2026-12-01t09:00:00z") == 1_796_115_600_000)
        #expect(parseTimestamp("2026-12-01 09:00:00Z") == 1_796_115_600_000)
        #expect(parseTimestamp("2026-12-01T09:00Z") == 1_796_115_600_000)
        #expect(parseTimestamp("2026-12-01T10:00:00.250+01:00") == 1_796_115_600_250)
        #expect(parseTimestamp("2026-12-01T10:00:00.2509+0100") == 1_796_115_600_250)
        #expect(parseTimestamp("2026-12-01T04:00:00-05") == 1_796_115_600_000)
        #expect(parseTimestamp("2024-02-29") == 1_709_164_800_000)
        #expect(parseTimestamp("1969-12-31T23:59:59.999Z") == -1)
    }

    @Test func refusesTextThatNamesNoInstant() {
        for text in [
            "", "2026-12-01T09:00:00", "2026-13-01", "2026-02-29", "2026-04-31", "2026-12-01T24:00:00Z",
            "2026-12-01T09:00:60Z", "2026-12-01T09:00:00.Z", "2026-12-01T09:00:00+25:00", "26-12-01",
            "2026-12-1", "2026-12-01T09Z", "2026-12-01Z", "1796115600000", "yesterday",
        ] {
            #expect(parseTimestamp(text) == nil, "\(text)")
        }
    }

    @Test func formatsWhatItReadsBack() {
        #expect(formatTimestamp(1_793_491_200_000) == "2026-11-01")
        #expect(formatTimestamp(1_796_115_600_000) == "2026-12-01T09:00:00Z")
        #expect(formatTimestamp(1_796_115_600_250) == "2026-12-01T09:00:00.250Z")
        #expect(formatTimestamp(-1) == "1969-12-31T23:59:59.999Z")
        for milliseconds: Int64 in [0, -1, 951_782_400_000, 1_709_164_800_000, 4_102_444_799_999, -2_208_988_800_000] {
            #expect(parseTimestamp(formatTimestamp(milliseconds)) == milliseconds)
        }
    }
}
