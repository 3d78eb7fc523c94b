using System.Globalization;
using System.Text;
using KccAssistant.ContentGaps;

namespace KccAssistant.Web.ContentGaps;

/// <summary>
/// The content gaps as CSV for a spreadsheet: UTF-8 with a byte-order mark (or Excel misreads "ë"), RFC 4180 quoting,
/// CRLF line ends, Dutch headers. Questions are free text typed by agents, so a cell that a spreadsheet would run as a
/// formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe.
/// </summary>
public static class ContentGapCsv
{
    /// <summary>The file name offered for download.</summary>
    public const string FileName = "inhoudshiaten.csv";

    /// <summary>The media type, with its character set.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The CSV bytes of <paramref name="report"/>, byte-order mark first.</summary>
    /// <param name="report">The groups, in the order to write them.</param>
    /// <param name="links">Links of the closest sources, by document id.</param>
    /// <param name="zone">Time zone the dates are written in.</param>
    public static byte[] Write(ContentGapReport report, IReadOnlyDictionary<string, GapSourceLink> links, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(zone);
        var text = new StringBuilder();
        List<string> header = ["Status", "Voorbeeldvraag", "Aantal vragen", "Geen antwoord", "Duim omlaag", "Eerst gesteld", "Laatst gesteld"];
        header.AddRange(report.Weeks.Select(w => $"Week {w.Label}"));
        header.AddRange(["Dichtstbijzijnde bronnen", "Bronlinks", "Groep"]);
        AppendRow(text, header);
        foreach (var group in report.Groups)
        {
            List<string> row =
            [
                ContentGapTexts.State(group.State),
                group.Example,
                Number(group.Questions),
                Number(group.NoAnswer),
                Number(group.ThumbsDown),
                Date(group.FirstSeen, zone),
                Date(group.LastSeen, zone),
            ];
            row.AddRange(group.PerWeek.Select(Number));
            row.Add(string.Join(" | ", group.Sources.Select(s => s.Title)));
            row.Add(string.Join(" | ", group.Sources.Select(s => links.TryGetValue(s.DocumentId, out var link) ? link.PublicUrl ?? link.StoredCopy : "/bron/" + Uri.EscapeDataString(s.DocumentId))));
            row.Add(group.Key);
            AppendRow(text, row);
        }

        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    /// <summary>One cell: formula-neutralised, then quoted when it holds a comma, a quote or a line break.</summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void AppendRow(StringBuilder text, IEnumerable<string> cells) =>
        text.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
