using KccAssistant.Text;

namespace KccAssistant.ContentGaps;

/// <summary>
/// The analysed Dutch terms of a question, as the lexical side of retrieval sees words: folded, without stopwords and
/// stemmed. Words that only say who is calling ("dochter", "buurman") are left out because two residents asking the same
/// thing for different relatives ask the same thing.
/// </summary>
internal static class GapQuestionTerms
{
    public static string[] Analyze(string question) =>
        [.. DutchTextNormalizer.Tokenize(question)
            .Where(token => !DutchStopwords.IsStopword(token) && !CallerWords.IsCallerWord(token))
            .Select(DutchStemmer.Stem)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
