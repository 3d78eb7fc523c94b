using System.Text.RegularExpressions;
using BERTTokenizers.Base;

namespace KccAssistant.Eval.Benchmark;

/// <summary>Cuts text for the package's encoder so that it sees at most a given number of its own tokens.</summary>
internal static partial class PackageTruncation
{
    /// <summary>Tokens the package's tokenizer makes of <paramref name="text"/>, [CLS] and [SEP] included.</summary>
    public static int CountTokens(TokenizerBase tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var mask = tokenizer.Encode(text)[0].AttentionMask;
        var count = 0;
        foreach (var value in mask)
        {
            count += (int)value;
        }

        return count;
    }

    /// <summary>The longest prefix of whole words that fits <paramref name="maxTokens"/> tokens (binary search).</summary>
    public static string Truncate(TokenizerBase tokenizer, string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (CountTokens(tokenizer, text) <= maxTokens)
        {
            return text;
        }

        var words = Word().Matches(text);
        int low = 0, high = words.Count;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (CountTokens(tokenizer, Prefix(text, words, middle)) <= maxTokens)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return Prefix(text, words, low);
    }

    private static string Prefix(string text, MatchCollection words, int count) =>
        count == 0 ? "" : text[..(words[count - 1].Index + words[count - 1].Length)];

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();
}
