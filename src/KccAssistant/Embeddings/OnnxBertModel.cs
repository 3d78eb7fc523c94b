using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KccAssistant.Embeddings;

/// <summary>
/// A loaded BERT-style ONNX session (BERT, MiniLM, XLM-RoBERTa) plus its tokenizer; computes pooled sentence vectors,
/// L2-normalised unless configured otherwise.
/// </summary>
internal sealed class OnnxBertModel : IDisposable
{
    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";
    private static readonly string[] PreferredOutputNames = ["last_hidden_state", "token_embeddings"];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly bool _hasTokenTypeIds;
    private readonly string[] _outputNames;
    private readonly int _batchSize;
    private readonly EmbeddingPooling _pooling;
    private readonly bool _normalize;

    private OnnxBertModel(SessionOptions sessionOptions, InferenceSession session, ITokenEncoder encoder, int batchSize, EmbeddingPooling pooling, bool normalize)
    {
        _sessionOptions = sessionOptions;
        _session = session;
        Encoder = encoder;
        _batchSize = batchSize;
        _pooling = pooling;
        _normalize = normalize;

        var inputs = session.InputMetadata;
        foreach (var (name, metadata) in inputs)
        {
            if (name is not (InputIdsName or AttentionMaskName or TokenTypeIdsName))
            {
                throw new InvalidOperationException($"The embedding model has an input '{name}' that is not a BERT input (expected {InputIdsName}, {AttentionMaskName}, {TokenTypeIdsName}).");
            }

            if (metadata.ElementDataType != TensorElementType.Int64)
            {
                throw new InvalidOperationException($"The embedding model's input '{name}' is {metadata.ElementDataType}; only int64 inputs are supported.");
            }
        }

        if (!inputs.ContainsKey(InputIdsName) || !inputs.ContainsKey(AttentionMaskName))
        {
            throw new InvalidOperationException($"The embedding model needs the inputs {InputIdsName} and {AttentionMaskName}; it has {string.Join(", ", inputs.Keys)}.");
        }

        // XLM-RoBERTa exports (multilingual-e5) have no token_type_ids input; BERT exports do.
        _hasTokenTypeIds = inputs.ContainsKey(TokenTypeIdsName);
        _inputNames = _hasTokenTypeIds ? [InputIdsName, AttentionMaskName, TokenTypeIdsName] : [InputIdsName, AttentionMaskName];

        var outputs = session.OutputMetadata;
        var outputName = PreferredOutputNames.FirstOrDefault(outputs.ContainsKey)
            ?? outputs.FirstOrDefault(o => o.Value.IsTensor && o.Value.Dimensions.Length == 3).Key
            ?? throw new InvalidOperationException($"The embedding model has no token-embedding output of shape [batch, sequence, hidden]; outputs: {string.Join(", ", outputs.Keys)}.");
        _outputNames = [outputName];
        var declared = outputs[outputName].Dimensions[^1];
        Dimensions = declared > 0 ? declared : 0;
    }

    /// <summary>The tokenizer matching the model's vocabulary.</summary>
    public ITokenEncoder Encoder { get; }

    /// <summary>Vector length, from the output shape (or the warm-up run when the shape is symbolic).</summary>
    public int Dimensions { get; private set; }

    /// <summary>Names of the inputs the model takes, for logging.</summary>
    public string InputNames => string.Join(",", _inputNames);

    /// <summary>Name of the token-embedding output.</summary>
    public string OutputName => _outputNames[0];

    /// <summary>Creates the session from a file and runs one tiny input so the first real call is not slow.</summary>
    public static OnnxBertModel Load(string modelPath, ITokenEncoder encoder, int batchSize, int threads, EmbeddingPooling pooling = EmbeddingPooling.Mean, bool normalize = true)
    {
        OnnxRuntimeTelemetry.Disable();
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
        };
        try
        {
            var session = new InferenceSession(modelPath, sessionOptions);
            try
            {
                var model = new OnnxBertModel(sessionOptions, session, encoder, batchSize, pooling, normalize);
                var probe = model.Embed([""], "", CancellationToken.None, out _);
                model.Dimensions = probe.Length;
                return model;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> (each prefixed with <paramref name="prefix"/>) into one contiguous array of
    /// <c>texts.Count × Dimensions</c> floats, in input order.
    /// </summary>
    public float[] Embed(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken, out long tokenCount)
    {
        var count = texts.Count;
        var tokens = new int[count][];
        tokenCount = 0;
        for (var i = 0; i < count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Input {i} is null.", nameof(texts));
            tokens[i] = Encoder.Encode(prefix, text);
            tokenCount += tokens[i].Length;
        }

        // Longest first: each batch pads only to its own longest input, so similar lengths waste the least compute.
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => tokens[b].Length != tokens[a].Length ? tokens[b].Length.CompareTo(tokens[a].Length) : a.CompareTo(b));

        float[]? vectors = Dimensions > 0 ? new float[count * Dimensions] : null;
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        for (var start = 0; start < count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_batchSize, count - start));
            RunBatch(batch, tokens, ref vectors, count, runOptions, cancellationToken);
        }

        return vectors ?? [];
    }

    private void RunBatch(ReadOnlySpan<int> batch, int[][] tokens, ref float[]? vectors, int count, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var sequence = tokens[batch[0]].Length;
        foreach (var index in batch)
        {
            sequence = Math.Max(sequence, tokens[index].Length);
        }

        var size = rows * sequence;
        var ids = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = _hasTokenTypeIds ? ArrayPool<long>.Shared.Rent(size) : null;
        var padding = Encoder.PaddingTokenId;
        var inputValues = new OrtValue[_inputNames.Length];
        try
        {
            for (var row = 0; row < rows; row++)
            {
                var source = tokens[batch[row]];
                var idRow = ids.AsSpan(row * sequence, sequence);
                var maskRow = mask.AsSpan(row * sequence, sequence);
                for (var t = 0; t < source.Length; t++)
                {
                    idRow[t] = source[t];
                }

                // XLM-RoBERTa derives position ids from which ids are not <pad>, so padding must use the real pad id.
                idRow[source.Length..].Fill(padding);
                maskRow[..source.Length].Fill(1);
                maskRow[source.Length..].Clear();
            }

            types?.AsSpan(0, size).Clear();

            long[] shape = [rows, sequence];
            inputValues[0] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, size), shape);
            inputValues[1] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
            if (types is not null)
            {
                inputValues[2] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape);
            }

            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(runOptions, _inputNames, inputValues, _outputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                var output = outputs[0];
                var outputShape = output.GetTensorTypeAndShape().Shape;
                var hidden = checked((int)outputShape[^1]);
                if (outputShape.Length != 3 || outputShape[0] != rows || outputShape[1] != sequence)
                {
                    throw new InvalidOperationException($"The embedding model returned shape [{string.Join(", ", outputShape)}] for input [{rows}, {sequence}].");
                }

                vectors ??= new float[count * hidden];
                if (vectors.Length != count * hidden)
                {
                    throw new InvalidOperationException($"The embedding model returned {hidden} dimensions, expected {vectors.Length / Math.Max(count, 1)}.");
                }

                Pool(output.GetTensorDataAsSpan<float>(), batch, tokens, sequence, hidden, vectors, _pooling, _normalize);
            }
        }
        finally
        {
            foreach (var value in inputValues)
            {
                value?.Dispose();
            }

            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            if (types is not null)
            {
                ArrayPool<long>.Shared.Return(types);
            }
        }
    }

    // Mean over the tokens the attention mask keeps (padding sits at the end of each row) or the first token's state,
    // then L2 normalisation, as sentence-transformers' Pooling and Normalize modules do.
    private static void Pool(ReadOnlySpan<float> hiddenStates, ReadOnlySpan<int> batch, int[][] tokens, int sequence, int hidden, float[] vectors,
        EmbeddingPooling pooling, bool normalize)
    {
        for (var row = 0; row < batch.Length; row++)
        {
            var index = batch[row];
            var length = tokens[index].Length;
            var target = vectors.AsSpan(index * hidden, hidden);
            var rowStates = hiddenStates.Slice(row * sequence * hidden, sequence * hidden);
            rowStates[..hidden].CopyTo(target);
            if (pooling == EmbeddingPooling.Mean)
            {
                for (var t = 1; t < length; t++)
                {
                    TensorPrimitives.Add(target, rowStates.Slice(t * hidden, hidden), target);
                }

                TensorPrimitives.Divide(target, length, target);
            }

            if (normalize)
            {
                var norm = TensorPrimitives.Norm(target);
                TensorPrimitives.Divide(target, MathF.Max(norm, 1e-12f), target);
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _sessionOptions.Dispose();
    }
}
