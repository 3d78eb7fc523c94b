using System.Text.RegularExpressions;

namespace KccAssistant.Text;

/// <summary>Splits Dutch text into sentences without breaking on abbreviations, amounts or times.</summary>
public static partial class DutchSentenceSplitter
{
    /// <summary>Sentences of <paramref name="text"/>, trimmed; list lines count as sentences.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var start = 0;
            foreach (Match match in Boundary().Matches(line))
            {
                var end = match.Index + 1;
                var candidate = line[start..end].Trim();
                if (IsAbbreviation(candidate))
                {
                    continue;
                }

                if (candidate.Length > 0)
                {
                    sentences.Add(candidate);
                }

                start = end;
            }

            var rest = line[start..].Trim();
            if (rest.Length > 0)
            {
                sentences.Add(rest);
            }
        }

        return sentences;
    }

    private static readonly string[] Abbreviations =
        ["o.a.", "bijv.", "b.v.", "d.w.z.", "m.b.t.", "t/m", "ca.", "nr.", "z.s.m.", "i.v.m.", "e.d.", "enz.", "etc.", "tel.", "incl.", "excl.", "max.", "min.", "evt.", "resp.", "mevr.", "dhr.", "a.u.b.", "n.v.t."];

    private static bool IsAbbreviation(string candidate) =>
        Abbreviations.Any(a => candidate.EndsWith(" " + a, StringComparison.OrdinalIgnoreCase) || candidate.Equals(a, StringComparison.OrdinalIgnoreCase));

    // A sentence ends at . ! or ? followed by whitespace and a capital, digit, quote or bracket; "8.30 uur" and "€ 84,40" never match.
    [GeneratedRegex(@"[.!?](?=\s+[""'(\p{Lu}\d])")]
    private static partial Regex Boundary();
}
