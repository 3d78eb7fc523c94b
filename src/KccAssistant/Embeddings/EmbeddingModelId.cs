using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KccAssistant.Embeddings;

/// <summary>
/// Names the vectors a configuration produces. The embedding cache and the store are keyed by it, so anything that
/// changes vectors (another model file, another tokenizer, prefixes, truncation, pooling) must change it: a changed
/// id makes the next ingestion re-embed everything instead of mixing old and new vectors.
/// </summary>
internal static class EmbeddingModelId
{
    // Model files are hundreds of megabytes; a fine-tuned or re-exported model differs in every window, so hashing
    // three of them plus the length tells models apart without reading the whole file at every start.
    private const int WholeFileLimit = 64 << 20;
    private const int WindowSize = 1 << 20;

    /// <summary>
    /// <c>all-MiniLM-L6-v2-int8</c> with the default settings (<c>all-MiniLM-L6-v2</c> at float precision, the id of
    /// earlier stores), otherwise that name plus a hash of the other settings.
    /// </summary>
    public static string ForBundled(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = BundledModel.ModelId + Suffix(options.Precision);
        var settings = VectorSettings(options);
        return settings == VectorSettings(new EmbeddingOptions()) ? name : $"{name}-{ShortHash(settings)}";
    }

    /// <summary>What the precision adds to a model name: nothing at float, the quantizer's version at int8.</summary>
    public static string Suffix(EmbeddingPrecision precision) => precision == EmbeddingPrecision.Int8 ? "-" + Int8Quantizer.Version : "";

    /// <summary>
    /// A readable stem (the model file's name, or its folder's for the usual <c>model.onnx</c>) plus a hash of the model
    /// and tokenizer contents and the settings.
    /// </summary>
    public static string ForFiles(string modelPath, string tokenizerPath, EmbeddingOptions options)
    {
        var model = new FileInfo(modelPath);
        var stem = Path.GetFileNameWithoutExtension(model.Name);
        // Exported models are usually called model.onnx; the folder (e.g. multilingual-e5-small) says which one it is.
        if (stem.StartsWith("model", StringComparison.OrdinalIgnoreCase) && model.Directory is { } folder)
        {
            var named = folder.Name.Equals("onnx", StringComparison.OrdinalIgnoreCase) && folder.Parent is { } parent ? parent : folder;
            stem = $"{named.Name}-{stem}";
        }

        var fingerprint = $"{FileFingerprint(modelPath)}|{FileFingerprint(tokenizerPath)}|{VectorSettings(options)}";
        return $"{stem}-{ShortHash(fingerprint)}{Suffix(options.Precision)}";
    }

    /// <summary>
    /// What an English gloss of the input adds to the id: <c>+gloss-freedict-</c> and a hash of the dictionary files
    /// and the glossing rules, so another dictionary version or other rules re-embed the sources.
    /// </summary>
    public static string GlossSuffix(EmbeddingGlossOptions gloss)
    {
        ArgumentNullException.ThrowIfNull(gloss);
        var fingerprint = $"{FileFingerprint(gloss.IndexPath)}|{FileFingerprint(gloss.DictionaryPath)}|{Text.DutchEnglishGloss.Version}";
        return $"+gloss-freedict-{ShortHash(fingerprint)}";
    }

    /// <summary>The settings that change vectors, in a fixed text form.</summary>
    private static string VectorSettings(EmbeddingOptions options)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"tokenizer={options.Tokenizer};max={options.MaxTokens};pooling={options.Pooling};normalize={options.Normalize};");
        if (options.Tokenizer == EmbeddingTokenizer.WordPiece)
        {
            // Only a vocab.txt reads these; a tokenizer.json or SentencePiece model carries its own normalization.
            builder.Append(CultureInfo.InvariantCulture, $"lower={options.LowerCase};accents={options.StripAccents ?? options.LowerCase};");
        }

        builder.Append("query=").Append(options.QueryPrefix ?? "").Append('\u001f');
        builder.Append("passage=").Append(options.PassagePrefix ?? "");
        return builder.ToString();
    }

    private static string FileFingerprint(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var length = file.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[WindowSize];
        if (length <= WholeFileLimit)
        {
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        else
        {
            foreach (var start in new[] { 0, (length - WindowSize) / 2, length - WindowSize })
            {
                file.Position = start;
                file.ReadExactly(buffer);
                hash.AppendData(buffer);
            }
        }

        return $"{length}:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4));
}
