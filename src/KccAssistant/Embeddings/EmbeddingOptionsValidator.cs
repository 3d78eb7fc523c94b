using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KccAssistant.Embeddings;

/// <summary>Checks the <c>Kcc:Embedding</c> section beyond its data annotations; every message names the key.</summary>
public sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    private const string Section = EmbeddingOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = ValidateSettings(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Data annotations plus the cross-field and file checks, for code that builds options without DI.</summary>
    public static IReadOnlyList<string> ValidateAll(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var annotations = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), annotations, validateAllProperties: true);
        var failures = annotations.Select(r => r.ErrorMessage ?? $"{Section}: {string.Join(", ", r.MemberNames)} is invalid.").ToList();
        failures.AddRange(ValidateSettings(options));
        return failures;
    }

    private static List<string> ValidateSettings(EmbeddingOptions options)
    {
        var failures = new List<string>();
        var hasModel = !string.IsNullOrWhiteSpace(options.ModelPath);
        var hasVocab = !string.IsNullOrWhiteSpace(options.VocabPath);
        var hasTokenizer = !string.IsNullOrWhiteSpace(options.TokenizerPath);
        if (!Enum.IsDefined(options.Tokenizer))
        {
            failures.Add($"{Section}:Tokenizer '{options.Tokenizer}' is not one of {string.Join(", ", Enum.GetNames<EmbeddingTokenizer>())}.");
        }

        if (!Enum.IsDefined(options.Pooling))
        {
            failures.Add($"{Section}:Pooling '{options.Pooling}' is not one of {string.Join(", ", Enum.GetNames<EmbeddingPooling>())}.");
        }

        if (hasModel && !File.Exists(options.ModelPath))
        {
            failures.Add($"{Section}:ModelPath '{options.ModelPath}' does not exist.");
        }

        if (hasVocab && !File.Exists(options.VocabPath))
        {
            failures.Add($"{Section}:VocabPath '{options.VocabPath}' does not exist.");
        }

        if (hasTokenizer && !File.Exists(options.TokenizerPath))
        {
            failures.Add($"{Section}:TokenizerPath '{options.TokenizerPath}' does not exist.");
        }

        if (options.Tokenizer == EmbeddingTokenizer.WordPiece)
        {
            if (hasModel && !hasVocab)
            {
                failures.Add($"{Section}:VocabPath is required when {Section}:ModelPath is set and {Section}:Tokenizer is WordPiece.");
            }

            if (hasVocab && !hasModel)
            {
                failures.Add($"{Section}:ModelPath is required when {Section}:VocabPath is set (the bundled model uses its own vocabulary).");
            }

            if (hasTokenizer)
            {
                failures.Add($"{Section}:TokenizerPath is read only when {Section}:Tokenizer is SentencePiece or HuggingFaceJson; WordPiece reads its vocab.txt from {Section}:VocabPath.");
            }
        }
        else if (Enum.IsDefined(options.Tokenizer))
        {
            var file = options.Tokenizer == EmbeddingTokenizer.SentencePiece ? "sentencepiece.bpe.model" : "tokenizer.json";
            if (!hasModel)
            {
                failures.Add($"{Section}:ModelPath is required when {Section}:Tokenizer is {options.Tokenizer} (the bundled model uses WordPiece).");
            }

            if (!hasTokenizer)
            {
                failures.Add($"{Section}:TokenizerPath (the model's {file}) is required when {Section}:Tokenizer is {options.Tokenizer}.");
            }

            if (hasVocab)
            {
                failures.Add($"{Section}:VocabPath is read only when {Section}:Tokenizer is WordPiece; set the {file} in {Section}:TokenizerPath.");
            }
        }

        if (!hasModel && options.MaxTokens > BundledModel.MaxPositions)
        {
            failures.Add($"{Section}:MaxTokens must be at most {BundledModel.MaxPositions} for the bundled {BundledModel.ModelId} model.");
        }

        if (!string.IsNullOrWhiteSpace(options.CacheDir) && options.CacheDir.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{Section}:CacheDir '{options.CacheDir}' is not a valid path.");
        }

        return failures;
    }
}
