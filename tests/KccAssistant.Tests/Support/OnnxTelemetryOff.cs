using System.Runtime.CompilerServices;
using KccAssistant.Embeddings;

namespace KccAssistant.Tests.Support;

/// <summary>
/// Switches ONNX Runtime telemetry off when the test assembly loads. The product does it before its first session,
/// but a test that builds an <c>InferenceSession</c> itself (the quantizer tests) could otherwise be the first in the
/// process and start the telemetry system, which writes a device id under ~/.cache/Microsoft/DeveloperTools.
/// </summary>
internal static class OnnxTelemetryOff
{
    [ModuleInitializer]
    internal static void Initialize() => OnnxRuntimeTelemetry.Disable();
}
