using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Onnx;

namespace KccAssistant.Embeddings;

/// <summary>
/// Dynamic int8 quantization of an ONNX model, done once and cached next to the model: every matrix multiplication
/// with a constant float weight (MatMul, and Gemm without transposed input or scaling) becomes ONNX Runtime's
/// <c>com.microsoft:DynamicQuantizeMatMul</c>, whose weights are int8 and whose activations are quantized at run
/// time. On these CPUs that makes embedding about twice as fast; the vectors stay within cosine ~0.99.
/// </summary>
/// <remarks>
/// Weights are quantized symmetrically (zero point 0) with one scale per output column — one scale per matrix loses
/// too much (cosine ~0.89) — and to 7 bits (±63): CPUs without VNNI multiply u8×s8 pairs into 16-bit sums that
/// full-range weights can overflow, and the same file must give the same vectors on every machine. A bias Add after
/// the multiplication is folded into the operator. Only the top-level graph with embedded weights is handled.
/// </remarks>
public static class Int8Quantizer
{
    /// <summary>Bump when the quantization changes: vectors change with it, so it is part of the model id.</summary>
    public const string Version = "int8";

    private const string MicrosoftDomain = "com.microsoft";
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;
    private const int MaxWeight = 63;

    /// <summary>
    /// Returns <paramref name="targetPath"/>, first writing the quantized form of <paramref name="modelPath"/> there
    /// unless it already exists with the SHA-256 recorded beside it (<c>.sha256</c>) when it was written. Written to a
    /// temporary file and moved into place, so processes that start together never read half a model.
    /// </summary>
    public static async Task<string> EnsureQuantizedAsync(string modelPath, string targetPath, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        // A file changed or cut off after it was written does not match its recorded hash and is quantized again.
        var hashPath = targetPath + ".sha256";
        if (File.Exists(targetPath) && File.Exists(hashPath))
        {
            var recorded = (await File.ReadAllTextAsync(hashPath, cancellationToken).ConfigureAwait(false)).Trim();
            await using var existing = File.OpenRead(targetPath);
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(existing, cancellationToken).ConfigureAwait(false));
            if (string.Equals(recorded, actual, StringComparison.Ordinal))
            {
                return targetPath;
            }

            EmbeddingLog.CachedFileReplaced(logger, targetPath, actual, recorded);
        }

        var started = Stopwatch.GetTimestamp();
        var quantized = Quantize(await File.ReadAllBytesAsync(modelPath, cancellationToken).ConfigureAwait(false), out var converted);
        Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
        await WriteAtomicallyAsync(targetPath, quantized, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(hashPath, System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(quantized))), cancellationToken).ConfigureAwait(false);

        EmbeddingLog.ModelQuantized(logger, modelPath, targetPath, converted, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return targetPath;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The quantized model; <paramref name="converted"/> says how many multiplications became int8.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    /// <exception cref="NotSupportedException">A weight is stored outside the model file.</exception>
    public static byte[] Quantize(byte[] model, out int converted)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new InvalidDataException("Het embeddingmodel is geen geldig ONNX-bestand.", exception);
        }

        var graph = proto.Graph ?? throw new InvalidDataException("Het ONNX-model heeft geen graaf.");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(node => node.Input.Where(input => input.Length > 0).Select(input => (input, node)))
            .GroupBy(pair => pair.input, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(pair => pair.node).ToList(), StringComparer.Ordinal);

        // Protobuf messages compare by value: nodes are keyed by reference.
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var quantizedWeights = new Dictionary<string, (string Weight, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var added = new List<TensorProto>();
        var replacedWeights = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (Candidate(node, initializers) is not var (weight, transposed, bias))
            {
                continue;
            }

            var key = weight.Name + (transposed ? "#T" : "");
            if (!quantizedWeights.TryGetValue(key, out var names))
            {
                names = (key + "_quantized", key + "_scale", key + "_zero_point");
                added.AddRange(QuantizeWeight(weight, transposed, names));
                quantizedWeights[key] = names;
            }

            replacedWeights.Add(weight.Name);
            var output = node.Output[0];
            var columns = transposed ? weight.Dims[0] : weight.Dims[1];
            if (bias is null && !graphOutputs.Contains(output)
                && consumers.TryGetValue(output, out var users) && users is [{ OpType: "Add", Domain: "", Input.Count: 2 } add])
            {
                var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
                if (initializers.TryGetValue(other, out var constant) && constant.DataType == FloatType && constant.Dims.Count == 1 && constant.Dims[0] == columns)
                {
                    bias = other;
                    output = add.Output[0];
                    removed.Add(add);
                }
            }

            var quantized = new NodeProto { Name = (node.Name.Length > 0 ? node.Name : output) + "_quant", OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain };
            quantized.Input.Add(node.Input[0]);
            quantized.Input.Add(names.Weight);
            quantized.Input.Add(names.Scale);
            quantized.Input.Add(names.ZeroPoint);
            if (bias is not null)
            {
                quantized.Input.Add(bias);
            }

            quantized.Output.Add(output);
            replaced[node] = quantized;
        }

        // Same (topological) order, with the replaced nodes in place.
        var nodes = graph.Node.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(added);

        // The float weights nobody reads any more go, also from the inputs and value infos of older models.
        var used = graph.Node.SelectMany(n => n.Input).Concat(graphOutputs).ToHashSet(StringComparer.Ordinal);
        var unused = replacedWeights.Where(name => !used.Contains(name)).ToHashSet(StringComparer.Ordinal);
        Keep(graph.Initializer, t => !unused.Contains(t.Name));
        Keep(graph.Input, i => !unused.Contains(i.Name));
        Keep(graph.ValueInfo, v => !unused.Contains(v.Name));
        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        converted = replaced.Count;
        return proto.ToByteArray();
    }

    /// <summary>The constant float [K, N] weight of a MatMul or plain Gemm, whether it is transposed, and a Gemm's bias.</summary>
    private static (TensorProto Weight, bool Transposed, string? Bias)? Candidate(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        if (node.Domain.Length != 0 || node.OpType is not ("MatMul" or "Gemm") || node.Input.Count < 2
            || initializers.ContainsKey(node.Input[0])
            || !initializers.TryGetValue(node.Input[1], out var weight) || weight.DataType != FloatType || weight.Dims.Count != 2)
        {
            return null;
        }

        if (node.OpType == "MatMul")
        {
            return (weight, false, null);
        }

        float alpha = 1f, beta = 1f;
        long transposeA = 0, transposeB = 0;
        foreach (var attribute in node.Attribute)
        {
            switch (attribute.Name)
            {
                case "alpha": alpha = attribute.F; break;
                case "beta": beta = attribute.F; break;
                case "transA": transposeA = attribute.I; break;
                case "transB": transposeB = attribute.I; break;
            }
        }

        // DynamicQuantizeMatMul has no scaling and no transposed input.
        if (alpha != 1f || transposeA != 0)
        {
            return null;
        }

        var transposed = transposeB != 0;
        if (node.Input.Count < 3 || node.Input[2].Length == 0)
        {
            return (weight, transposed, null);
        }

        var columns = transposed ? weight.Dims[0] : weight.Dims[1];
        return beta == 1f && initializers.TryGetValue(node.Input[2], out var bias) && bias.DataType == FloatType && bias.Dims.Count == 1 && bias.Dims[0] == columns
            ? (weight, transposed, node.Input[2])
            : null;
    }

    private static TensorProto[] QuantizeWeight(TensorProto weight, bool transposed, (string Weight, string Scale, string ZeroPoint) names)
    {
        var values = ReadFloats(weight);
        int rows = (int)weight.Dims[0], columns = (int)weight.Dims[1];
        int k = transposed ? columns : rows, n = transposed ? rows : columns;
        float At(int row, int column) => transposed ? values[(column * columns) + row] : values[(row * columns) + column];

        var scales = new float[n];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < n; column++)
            {
                scales[column] = Math.Max(scales[column], Math.Abs(At(row, column)));
            }
        }

        for (var column = 0; column < n; column++)
        {
            scales[column] = scales[column] > 0 ? scales[column] / MaxWeight : 1f;
        }

        var quantized = new byte[k * n];
        for (var row = 0; row < k; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var value = (int)MathF.Round(At(row, column) / scales[column], MidpointRounding.ToEven);
                quantized[(row * n) + column] = unchecked((byte)(sbyte)Math.Clamp(value, -MaxWeight, MaxWeight));
            }
        }

        var weightTensor = new TensorProto { Name = names.Weight, DataType = Int8Type, RawData = ByteString.CopyFrom(quantized) };
        weightTensor.Dims.Add(k);
        weightTensor.Dims.Add(n);
        // ONNX raw data is little-endian, as are the machines this runs on.
        var scaleTensor = new TensorProto { Name = names.Scale, DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
        scaleTensor.Dims.Add(n);
        var zeroTensor = new TensorProto { Name = names.ZeroPoint, DataType = Int8Type, RawData = ByteString.CopyFrom(new byte[n]) };
        zeroTensor.Dims.Add(n);
        return [weightTensor, scaleTensor, zeroTensor];
    }

    private static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new NotSupportedException($"Het gewicht {tensor.Name} staat buiten het modelbestand (external data); dat kan niet gekwantiseerd worden.");
        }

        return tensor.RawData.IsEmpty ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static void Keep<T>(Google.Protobuf.Collections.RepeatedField<T> field, Func<T, bool> keep)
    {
        var kept = field.Where(keep).ToList();
        field.Clear();
        field.AddRange(kept);
    }
}
