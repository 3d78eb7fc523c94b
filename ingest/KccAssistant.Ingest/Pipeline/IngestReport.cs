using System.Text.Json;
using System.Text.Json.Serialization;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>Skips per reason, as in the run report contract.</summary>
public sealed class SkipCounts
{
    /// <summary>Disallowed by robots.txt.</summary>
    public int Robots { get; set; }

    /// <summary>noindex pages.</summary>
    public int Noindex { get; set; }

    /// <summary>Internal or confidential items.</summary>
    public int Confidential { get; set; }

    /// <summary>Items with personal data.</summary>
    public int PersonalData { get; set; }

    /// <summary>Duplicate content.</summary>
    public int Duplicate { get; set; }

    /// <summary>Pages or items that failed.</summary>
    public int Failed { get; set; }

    /// <summary>Non-active knowledge-base items.</summary>
    public int Inactive { get; set; }

    /// <summary>All skips together (not written to the report: readers add the fields up).</summary>
    [JsonIgnore]
    public int Total => Robots + Noindex + Confidential + PersonalData + Duplicate + Failed + Inactive;

    internal void Count(SkipReason reason)
    {
        switch (reason)
        {
            case SkipReason.Robots: Robots++; break;
            case SkipReason.NoIndex: Noindex++; break;
            case SkipReason.Confidential: Confidential++; break;
            case SkipReason.PersonalData: PersonalData++; break;
            case SkipReason.Duplicate: Duplicate++; break;
            case SkipReason.Inactive: Inactive++; break;
            default: Failed++; break;
        }
    }
}

/// <summary>Warnings per kind: things editors must know about that did not stop indexing.</summary>
public sealed class WarningCounts
{
    /// <summary>Items indexed without their link because it was not an absolute http(s) URL.</summary>
    public int UrlsRemoved { get; set; }

    /// <summary>Pages whose canonical link pointed outside the source; the fetched URL was used.</summary>
    public int CanonicalsIgnored { get; set; }

    /// <summary>Redirects and next-page links that left the source's scope and were not followed.</summary>
    public int RedirectsRefused { get; set; }

    internal void Count(WarningKind kind)
    {
        switch (kind)
        {
            case WarningKind.UrlRemoved: UrlsRemoved++; break;
            case WarningKind.CanonicalIgnored: CanonicalsIgnored++; break;
            default: RedirectsRefused++; break;
        }
    }
}

/// <summary>One warning, for editors: where, what and why, never the content.</summary>
public sealed record WarningEntry(string Source, string Location, string Kind, string Detail);

/// <summary>One thing that was not indexed, for editors: where and why, never the content.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Location">URL, path or item id.</param>
/// <param name="Reason">The <see cref="SkipReason"/> name.</param>
/// <param name="Detail">Why, in a few words.</param>
/// <param name="Title">The item's title when known (a page title, a VAC's question); null in reports of older versions.</param>
/// <param name="Url">An http(s) link to the item when there is one.</param>
public sealed record SkipEntry(string Source, string Location, string Reason, string Detail, string? Title = null, string? Url = null);

/// <summary>Per-source numbers of a run.</summary>
public sealed class SourceReport
{
    /// <summary>Source name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Documents in the new generation from this source.</summary>
    public int Documents { get; set; }

    /// <summary>Chunks from this source.</summary>
    public int Chunks { get; set; }

    /// <summary>Documents carried over unchanged.</summary>
    public int Unchanged { get; set; }

    /// <summary>Seconds spent on this source.</summary>
    public double Seconds { get; set; }

    /// <summary>Set when the reader stopped early (e.g. a page limit); unseen documents were kept, not deleted.</summary>
    public string? Incomplete { get; set; }

    /// <summary>Set when the source could not be read at all.</summary>
    public string? Error { get; set; }
}

/// <summary>The run report (DESIGN.md §4), written with <c>--report</c> and shown to editors.</summary>
public sealed class IngestReport
{
    /// <summary>Documents in the committed generation.</summary>
    public int Documents { get; set; }

    /// <summary>Chunks in the committed generation.</summary>
    public int Chunks { get; set; }

    /// <summary>Chunks embedded in this run (not served from the embedding cache or carried over).</summary>
    public int EmbeddedChunks { get; set; }

    /// <summary>Documents of the previous generation that are gone from their source.</summary>
    public int Deleted { get; set; }

    /// <summary>Skips by reason.</summary>
    public SkipCounts Skipped { get; set; } = new();

    /// <summary>Wall-clock seconds of the run.</summary>
    public double Seconds { get; set; }

    /// <summary>The committed generation; 0 when nothing was committed.</summary>
    public long Generation { get; set; }

    /// <summary>Whether the new generation was committed.</summary>
    public bool Committed { get; set; }

    /// <summary>Per-source numbers.</summary>
    public List<SourceReport> Sources { get; set; } = [];

    /// <summary>Everything skipped, with location and reason (capped).</summary>
    public List<SkipEntry> SkippedItems { get; set; } = [];

    /// <summary>Warnings by kind (links removed, canonicals ignored, redirects refused).</summary>
    public WarningCounts Warnings { get; set; } = new();

    /// <summary>Every warning, with location and reason (capped).</summary>
    public List<WarningEntry> WarningItems { get; set; } = [];

    /// <summary>Embedding model that made the vectors.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>What the run did about the "geen antwoord" model (self-calibrated, kept the hand-made one, ...); null when nothing.</summary>
    public string? Answerability { get; set; }

    /// <summary>When the run started (UTC).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The JSON options of the report: camelCase, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A readable summary for the terminal and the editor page.</summary>
    public string ToSummary()
    {
        var builder = new System.Text.StringBuilder();
        builder.AppendLine($"Generatie {Generation} {(Committed ? "vastgelegd" : "NIET vastgelegd")} in {Seconds:F1} s");
        builder.AppendLine($"  documenten {Documents}, chunks {Chunks}, nieuw ingebed {EmbeddedChunks}, verwijderd {Deleted}");
        builder.AppendLine($"  overgeslagen: robots {Skipped.Robots}, noindex {Skipped.Noindex}, vertrouwelijk {Skipped.Confidential}, " +
            $"niet actief {Skipped.Inactive}, persoonsgegevens {Skipped.PersonalData}, dubbel {Skipped.Duplicate}, mislukt {Skipped.Failed}");
        if (WarningItems.Count > 0)
        {
            builder.AppendLine($"  waarschuwingen: link verwijderd {Warnings.UrlsRemoved}, canonical genegeerd {Warnings.CanonicalsIgnored}, " +
                $"omleiding niet gevolgd {Warnings.RedirectsRefused}");
        }

        if (Answerability is not null)
        {
            builder.AppendLine($"  geen-antwoordmodel: {Answerability}");
        }

        foreach (var source in Sources)
        {
            builder.AppendLine($"  bron {source.Name}: {source.Documents} documenten ({source.Unchanged} ongewijzigd), {source.Chunks} chunks, {source.Seconds:F1} s" +
                (source.Error is null ? "" : $" FOUT: {source.Error}") + (source.Incomplete is null ? "" : $" ONVOLLEDIG: {source.Incomplete}"));
        }

        return builder.ToString();
    }
}
