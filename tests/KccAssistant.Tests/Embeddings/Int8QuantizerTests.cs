using System.Numerics.Tensors;
using Google.Protobuf;
using KccAssistant.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace KccAssistant.Tests.Embeddings;

public sealed class Int8QuantizerTests
{
    private static readonly float[] Weights = [0.5f, -1.2f, 0.03f, 2.0f, 0.7f, -0.4f, -0.9f, 0.1f, 1.5f, 0.25f, -2.5f, 0.6f];
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    /// <summary>Y = X·W + b with W a constant [4, 3]: the shape of every projection in a BERT layer.</summary>
    private static byte[] LinearModel()
    {
        static TensorProto Constant(string name, float[] values, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };
            tensor.Dims.AddRange(dims);
            return tensor;
        }

        static ValueInfoProto Value(string name, params long[] dims)
        {
            var shape = new TensorShapeProto();
            shape.Dim.AddRange(dims.Select(d => d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "n" } : new TensorShapeProto.Types.Dimension { DimValue = d }));
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
        }

        var graph = new GraphProto { Name = "linear" };
        graph.Input.Add(Value("X", -1, 4));
        graph.Output.Add(Value("Y", -1, 3));
        graph.Initializer.Add(Constant("W", Weights, 4, 3));
        graph.Initializer.Add(Constant("b", Bias, 3));
        var matMul = new NodeProto { Name = "project", OpType = "MatMul" };
        matMul.Input.Add("X");
        matMul.Input.Add("W");
        matMul.Output.Add("XW");
        var add = new NodeProto { Name = "bias", OpType = "Add" };
        add.Input.Add("XW");
        add.Input.Add("b");
        add.Output.Add("Y");
        graph.Node.Add(matMul);
        graph.Node.Add(add);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    private static float[] Run(byte[] model, float[] input)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("X", new DenseTensor<float>(input, [input.Length / 4, 4]))]);
        return results[0].AsTensor<float>().ToArray();
    }

    [Fact]
    public void Quantize_ConstantMatMulWithBias_BecomesOneInt8OperatorWithNearlyTheSameOutput()
    {
        var original = LinearModel();
        float[] input = [1f, 2f, -0.5f, 0.25f, -3f, 0.1f, 0.8f, 1.7f];

        var quantized = Int8Quantizer.Quantize(original, out var converted);

        var graph = ModelProto.Parser.ParseFrom(quantized).Graph;
        Assert.Equal(1, converted);
        Assert.Equal(["DynamicQuantizeMatMul"], graph.Node.Select(n => n.OpType));
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "W");
        Assert.Equal(5, graph.Node[0].Input.Count); // input, int8 weights, scales, zero points, folded bias
        var expected = Run(original, input);
        var actual = Run(quantized, input);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Weights at 7 bits and activations at 8: a few percent of the output's range at worst.
            Assert.True(Math.Abs(expected[i] - actual[i]) < 0.05 * expected.Max(Math.Abs), $"output {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void Quantize_NotAnOnnxModel_ClearError()
    {
        var error = Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize("geen model"u8.ToArray(), out _));

        Assert.Contains("ONNX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureQuantized_WritesOnceAndReusesTheFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"kcc-int8-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            var source = Path.Combine(folder, "model.onnx");
            await File.WriteAllBytesAsync(source, LinearModel());
            var target = Path.Combine(folder, "cache", "model-int8.onnx");

            var first = await Int8Quantizer.EnsureQuantizedAsync(source, target, NullLogger.Instance);
            var written = File.GetLastWriteTimeUtc(first);
            File.SetLastWriteTimeUtc(first, written.AddMinutes(-5));
            var second = await Int8Quantizer.EnsureQuantizedAsync(source, target, NullLogger.Instance);

            Assert.Equal(target, first);
            Assert.Equal(first, second);
            Assert.Equal(written.AddMinutes(-5), File.GetLastWriteTimeUtc(second));
            // The model and the hash it is checked against before each use; no temporaries left behind.
            Assert.Equal(["model-int8.onnx", "model-int8.onnx.sha256"], Directory.GetFiles(Path.Combine(folder, "cache")).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Generator_Int8BundledModel_CloseToTheFloatModelAndBatchIndependentEnough()
    {
        var inputs = BundledFiles.DutchInputs.Where(t => t.Length > 0).ToArray();
        using var exact = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir, Precision = EmbeddingPrecision.Float32 });
        using var quantized = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir });

        var reference = await exact.GenerateAsync(inputs);
        var batched = await quantized.GenerateAsync(inputs);

        Assert.Equal("all-MiniLM-L6-v2-int8", batched[0].ModelId);
        Assert.True(File.Exists(Path.Combine(BundledFiles.CacheDir, "all-MiniLM-L6-v2-int8.onnx")));
        for (var i = 0; i < inputs.Length; i++)
        {
            var alone = (await quantized.GenerateAsync([inputs[i]]))[0];
            var toFloat = TensorPrimitives.CosineSimilarity(reference[i].Vector.Span, batched[i].Vector.Span);
            // Activations are quantized per batch, so a text's vector moves a little with its batch-mates.
            var toAlone = TensorPrimitives.CosineSimilarity(alone.Vector.Span, batched[i].Vector.Span);
            Assert.True(toFloat > 0.97f, $"int8 vs float cosine {toFloat} for input {i}");
            Assert.True(toAlone > 0.99f, $"batched vs alone cosine {toAlone} for input {i}");
        }
    }
}
