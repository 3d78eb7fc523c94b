using System.Text;
using KccAssistant.ContentGaps;
using KccAssistant.Web.ContentGaps;

namespace KccAssistant.Tests.ContentGaps;

/// <summary>The CSV export: byte-order mark, Dutch headers, RFC 4180 quoting and neutralised spreadsheet formulas.</summary>
public sealed class ContentGapCsvTests
{
    private static readonly IReadOnlyList<IsoWeek> Weeks = [new(2026, 48, new DateOnly(2026, 11, 23)), new(2026, 49, new DateOnly(2026, 11, 30))];

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+31 kosten", "'+31 kosten")]
    [InlineData("-1 paspoort", "'-1 paspoort")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tparkeren", "'\tparkeren")]
    [InlineData("parkeren = duur", "parkeren = duur")]
    [InlineData("paspoort, rijbewijs", "\"paspoort, rijbewijs\"")]
    [InlineData("zegt \"kwijt\"", "\"zegt \"\"kwijt\"\"\"")]
    [InlineData("regel een\nregel twee", "\"regel een\nregel twee\"")]
    [InlineData("", "")]
    public void Cell_Value_NeutralisedAndQuoted(string value, string expected) =>
        Assert.Equal(expected, ContentGapCsv.Cell(value));

    [Fact]
    public void Write_Report_BomDutchHeadersCrLfAndOneRowPerGroup()
    {
        var parking = new GapSource("doc-parkeren", "Parkeervergunning, bewoners", "https://www.voorbeeldstad.example/parkeren", 2);
        var vac = new GapSource("vac-1", "VAC: vergunning", "https://objecten.voorbeeldstad.example/api/v2/objects/1", 1);
        var report = new ContentGapReport(
            new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero),
            Weeks,
            [
                Group("g-aaaaaaaaaaaa", "=1+1 parkeervergunning", ContentGapState.Reopened, [parking, vac]),
                Group("g-bbbbbbbbbbbb", "groene container", ContentGapState.Done, []),
            ]);
        var links = new Dictionary<string, GapSourceLink>
        {
            ["doc-parkeren"] = new(parking, "/bron/doc-parkeren", parking.Url),
            ["vac-1"] = new(vac, "/bron/vac-1", null),
        };

        var bytes = ContentGapCsv.Write(report, links, Support.ManualTimeProvider.Amsterdam);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        Assert.Equal(
            "Status,Voorbeeldvraag,Aantal vragen,Geen antwoord,Duim omlaag,Eerst gesteld,Laatst gesteld,Week 2026-W48,Week 2026-W49,Dichtstbijzijnde bronnen,Bronlinks,Groep",
            lines[0]);
        Assert.Equal(
            "opnieuw gevraagd,'=1+1 parkeervergunning,3,2,1,2026-11-24 10:00,2026-12-03 10:00,1,2,\"Parkeervergunning, bewoners | VAC: vergunning\",https://www.voorbeeldstad.example/parkeren | /bron/vac-1,g-aaaaaaaaaaaa",
            lines[1]);
        Assert.StartsWith("gereed,groene container,3,", lines[2], StringComparison.Ordinal);
        // The internal Objecten API address is never exported as a link.
        Assert.DoesNotContain("objecten.voorbeeldstad", text, StringComparison.Ordinal);
    }

    private static ContentGap Group(string key, string example, ContentGapState state, IReadOnlyList<GapSource> sources) =>
        new(
            key,
            example,
            3,
            2,
            1,
            [1, 2],
            sources,
            new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero),
            state,
            state == ContentGapState.Open ? null : new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            state == ContentGapState.Reopened ? 1 : 0,
            [example]);
}
