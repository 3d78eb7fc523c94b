using System.Globalization;
using System.Text.Json;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>Lenient reading of knowledge-base JSON: exports differ in casing, nulls and string-typed booleans and dates.</summary>
internal static class JsonFields
{
    /// <summary>The first property named like one of <paramref name="names"/> (case-insensitive) that is not null.</summary>
    public static bool TryGet(this JsonElement element, out JsonElement value, params ReadOnlySpan<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in names)
            {
                if (element.TryGetProperty(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                {
                    return true;
                }
            }

            foreach (var property in element.EnumerateObject())
            {
                foreach (var name in names)
                {
                    if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                        && property.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                    {
                        value = property.Value;
                        return true;
                    }
                }
            }
        }

        value = default;
        return false;
    }

    public static bool Has(this JsonElement element, string name) => element.TryGet(out _, name);

    /// <summary>A string property (numbers are returned as their text); null when absent or blank.</summary>
    public static string? GetText(this JsonElement element, params ReadOnlySpan<string> names)
    {
        if (!element.TryGet(out var value, names))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A boolean property; accepts true/false, "true"/"false", "ja"/"nee", 1/0.</summary>
    public static bool? GetFlag(this JsonElement element, string name)
    {
        if (!element.TryGet(out var value, name))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetInt32(out var n) ? n != 0 : null,
            JsonValueKind.String => ParseFlag(value.GetString()),
            _ => null,
        };
    }

    public static bool? ParseFlag(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "ja" or "yes" or "j" or "y" or "1" or "waar" => true,
        "false" or "nee" or "no" or "n" or "0" or "onwaar" => false,
        _ => null,
    };

    /// <summary>A date or date-time property; date-only values are taken as midnight UTC.</summary>
    public static DateTimeOffset? GetDate(this JsonElement element, params ReadOnlySpan<string> names)
        => ParseDate(element.GetText(names));

    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
        {
            return moment;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.GetCultureInfo("nl-NL"), DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out moment)
            ? moment
            : null;
    }

    /// <summary>
    /// Strings of a property that is a string, an array of strings, or an array of objects carrying the string in
    /// one of <paramref name="objectFields"/> (e.g. <c>[{"trefwoord": "paspoort"}]</c>).
    /// </summary>
    public static IEnumerable<string> GetStrings(this JsonElement element, string name, params string[] objectFields)
    {
        if (!element.TryGet(out var value, name))
        {
            yield break;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number)
        {
            yield return value.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            };
            yield break;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var single = value.GetString();
            if (!string.IsNullOrWhiteSpace(single))
            {
                yield return single.Trim();
            }

            yield break;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => item.GetText(objectFields),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return text.Trim();
            }
        }
    }
}
