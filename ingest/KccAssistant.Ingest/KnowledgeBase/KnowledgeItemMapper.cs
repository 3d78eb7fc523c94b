using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>The shapes of JSON a knowledge-base location can hold.</summary>
internal enum JsonShape
{
    Unknown,
    /// <summary>A paged list: <c>{"count", "next", "previous", "results": [...]}</c>.</summary>
    Envelope,
    /// <summary>A bare array of items.</summary>
    Array,
    /// <summary>One item: an Objecten API object, a VAC, a kennisartikel or a Rijksoverheid FAQ.</summary>
    Item,
}

/// <summary>Where an item was read and what the run knows: enough to name it in a skip and to judge validity.</summary>
/// <param name="SourceName">The configured source name.</param>
/// <param name="Location">Path or URL of the file or page holding the item.</param>
/// <param name="Index">Position of the item in its list, if it is in one.</param>
/// <param name="Now">The current time, for validity periods.</param>
internal sealed record ItemOrigin(string SourceName, string Location, int? Index, DateTimeOffset Now)
{
    /// <summary>A location for skips of items without an id: "file.json[3]".</summary>
    public string Describe() => Index is { } index ? $"{Location}[{index}]" : Location;
}

/// <summary>The wrapper of an Objecten API object: identity and validity around <c>record.data</c>.</summary>
internal sealed record ObjectenRecord(string? Uuid, string? Url, DateTimeOffset? StartAt, DateTimeOffset? EndAt, DateTimeOffset? RegistrationAt);

/// <summary>Detects the shape of knowledge-base JSON and maps single items to ingest items.</summary>
internal static class KnowledgeItemMapper
{
    public static JsonShape Detect(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return JsonShape.Array;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return JsonShape.Unknown;
        }

        if (root.TryGet(out var results, "results") && results.ValueKind == JsonValueKind.Array)
        {
            return JsonShape.Envelope;
        }

        return IsKnownItem(root) ? JsonShape.Item : JsonShape.Unknown;
    }

    private static bool IsKnownItem(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (TryUnwrap(element, out var data, out _))
        {
            element = data;
        }

        return IsVac(element) || IsKennisartikel(element) || IsRijksoverheidFaq(element);
    }

    private static bool IsVac(JsonElement data) => data.Has("vraag") || data.Has("antwoord");

    private static bool IsKennisartikel(JsonElement data)
        => data.TryGet(out var translations, "vertalingen") && translations.ValueKind == JsonValueKind.Array;

    private static bool IsRijksoverheidFaq(JsonElement data)
        => data.Has("question") && (data.Has("canonical") || data.Has("introduction") || data.Has("content"));

    /// <summary>Maps one item (any supported kind, wrapped in an Objecten API object or not).</summary>
    public static IngestItem Map(JsonElement element, ItemOrigin origin)
    {
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return new SkippedItem(origin.Describe(), SkipReason.Failed, $"unknown format: item is a JSON {element.ValueKind.ToString().ToLowerInvariant()} ({origin.Location})");
            }

            var wrapper = default(ObjectenRecord);
            if (TryUnwrap(element, out var data, out var record))
            {
                wrapper = record;
            }
            else
            {
                data = element;
            }

            if (IsKennisartikel(data))
            {
                return KennisartikelMapper.Map(data, wrapper, origin);
            }

            if (IsVac(data))
            {
                return VacMapper.Map(data, wrapper, origin);
            }

            if (IsRijksoverheidFaq(data))
            {
                return RijksoverheidFaqMapper.Map(data, origin);
            }

            var id = wrapper?.Uuid ?? data.GetText("uuid", "id");
            return new SkippedItem(id ?? origin.Describe(), SkipReason.Failed, $"unknown format ({origin.Location})");
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            // One odd item must not end the import; the message names types and fields, not content.
            return new SkippedItem(origin.Describe(), SkipReason.Failed, $"could not read item: {exception.GetType().Name} ({origin.Location})");
        }
    }

    /// <summary>Objecten API objects carry the item in <c>record.data</c>.</summary>
    private static bool TryUnwrap(JsonElement element, out JsonElement data, out ObjectenRecord record)
    {
        if (element.TryGet(out var recordElement, "record") && recordElement.ValueKind == JsonValueKind.Object
            && recordElement.TryGet(out data, "data") && data.ValueKind == JsonValueKind.Object)
        {
            record = new ObjectenRecord(
                element.GetText("uuid"),
                element.GetText("url"),
                recordElement.GetDate("startAt"),
                recordElement.GetDate("endAt"),
                recordElement.GetDate("registrationAt"));
            return true;
        }

        data = default;
        record = null!;
        return false;
    }

    /// <summary>Field values for <see cref="PublicationPolicy"/> from one or more JSON objects.</summary>
    public static Func<string, IReadOnlyList<string>> PolicyFields(params JsonElement[] elements)
        => name => elements.SelectMany(e => e.GetStrings(name, "naam", "name", "doelgroep", "type", "waarde", "value", "code")).ToList();

    /// <summary>
    /// A stable id for an item that has none, derived from what identifies it to editors (its question or title), so
    /// a re-import keeps the identity.
    /// </summary>
    public static string DerivedId(string prefix, string identifyingText)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identifyingText.Trim().ToLowerInvariant()));
        return $"{prefix}:{Convert.ToHexString(hash, 0, 10).ToLowerInvariant()}";
    }

    /// <summary>Keywords without blanks and duplicates (case-insensitive), in first-seen order.</summary>
    public static IReadOnlyList<string> DistinctKeywords(IEnumerable<string?> keywords)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var keyword in keywords)
        {
            // Related-product links are references, not words anyone searches for.
            if (!string.IsNullOrWhiteSpace(keyword) && !keyword.Contains("://", StringComparison.Ordinal))
            {
                var trimmed = HtmlPlainText.Collapse(keyword);
                if (trimmed.Length > 0 && seen.Add(trimmed))
                {
                    result.Add(trimmed);
                }
            }
        }

        return result;
    }
}
