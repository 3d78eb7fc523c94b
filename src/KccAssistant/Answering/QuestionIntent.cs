using System.Text.RegularExpressions;
using KccAssistant.Text;

namespace KccAssistant.Answering;

/// <summary>
/// What kind of fact a question asks for — an amount, a time or a period — so that sentences holding such a fact
/// are preferred: "wat kost grofvuil" is answered by the sentence with "€ 30,00", not by the one that repeats "grofvuil".
/// </summary>
internal sealed partial class QuestionIntent
{
    private static readonly HashSet<string> CostWords = new(StringComparer.Ordinal) { "kost", "kosten", "prijs", "tarief", "tarieven", "leges", "bedrag", "hoeveel", "duur", "betalen", "betaal", "euro", "gratis" };
    private static readonly HashSet<string> TimeWords = new(StringComparer.Ordinal) { "wanneer", "open", "geopend", "openingstijden", "laat", "tijden", "dicht", "gesloten", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag" };
    private static readonly HashSet<string> PeriodWords = new(StringComparer.Ordinal) { "lang", "duurt", "termijn", "binnen", "snel", "wachttijd", "levertijd", "geldig" };

    private readonly bool _cost;
    private readonly bool _time;
    private readonly bool _period;

    private QuestionIntent(bool cost, bool time, bool period) => (_cost, _time, _period) = (cost, time, period);

    /// <summary>The intent of a question.</summary>
    public static QuestionIntent Of(string question)
    {
        var tokens = DutchTextNormalizer.Tokenize(question).ToHashSet(StringComparer.Ordinal);
        return new QuestionIntent(tokens.Overlaps(CostWords), tokens.Overlaps(TimeWords), tokens.Overlaps(PeriodWords));
    }

    /// <summary>Whether a word (or its stem) only says that a price is asked ("kost", "tarief"), not what for.</summary>
    public static bool IsCostWord(string stem) => CostWords.Any(word => word.StartsWith(stem, StringComparison.Ordinal));

    /// <summary>Whether the question asks for an amount of money.</summary>
    public bool AsksAmount => _cost;

    /// <summary>The euro amounts in a sentence, normalised ("€ 10" and "€10,00" are both "€ 10,00").</summary>
    public static IReadOnlyList<string> Amounts(string sentence) =>
        Euro().Matches(sentence)
            .Select(m => m.Groups[1].Value.Replace(".", "", StringComparison.Ordinal))
            .Select(v => "€ " + (v.Contains(',', StringComparison.Ordinal) ? v : v + ",00"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>How much more a sentence is worth for this question (1 = no preference).</summary>
    public double Boost(string sentence)
    {
        var boost = 1.0;
        if (_cost && Amount().IsMatch(sentence))
        {
            boost *= 1.8;
        }

        if (_time && Time().IsMatch(sentence))
        {
            boost *= 1.5;
        }

        if (_period && Period().IsMatch(sentence))
        {
            boost *= 1.5;
        }

        return boost;
    }

    [GeneratedRegex(@"€\s?(\d{1,3}(?:\.\d{3})*(?:,\d{2})?|\d+(?:,\d{2})?)")]
    private static partial Regex Euro();

    [GeneratedRegex(@"€\s?\d|\d+,\d{2}\b|\bgratis\b", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b\d{1,2}[.:]\d{2}\b|\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Time();

    [GeneratedRegex(@"\b\d+\s*(werk)?(dag|dagen|week|weken|maand|maanden|jaar|uur)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Period();
}
