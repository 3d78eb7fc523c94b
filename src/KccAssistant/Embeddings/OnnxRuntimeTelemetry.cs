using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace KccAssistant.Embeddings;

/// <summary>
/// Switches ONNX Runtime's usage telemetry off before the first session is created. ONNX Runtime 1.31 sends events
/// to mobile.events.data.microsoft.com and keeps a device id and an event queue under
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime/</c> unless told not to; the README promises that nothing
/// leaves the municipality's machines, so the app does this itself instead of relying on the operator.
/// </summary>
public static class OnnxRuntimeTelemetry
{
    /// <summary>The variable ONNX Runtime's native code reads (with getenv) when its environment is created.</summary>
    public const string DisableVariable = "ORT_DISABLE_TELEMETRY";

    private static readonly Lock Gate = new();
    private static bool _disabled;

    /// <summary>
    /// Sets <see cref="DisableVariable"/> in the native process environment and disables telemetry events on the
    /// ONNX Runtime environment. Call before creating any <see cref="InferenceSession"/>; safe to call often.
    /// </summary>
    public static void Disable()
    {
        lock (Gate)
        {
            if (_disabled)
            {
                return;
            }

            // Environment.SetEnvironmentVariable only changes .NET's own copy on Unix; ONNX Runtime reads the C
            // library's environment, so set it there too, before OrtEnv (and with it the telemetry system) exists.
            Environment.SetEnvironmentVariable(DisableVariable, "1");
            if (!OperatingSystem.IsWindows())
            {
                _ = NativeMethods.setenv(DisableVariable, "1", 1);
            }

            // Measured with ONNX Runtime 1.31.1 on Linux: this call alone stops the look-ups but not the device id
            // and event database under ~/.cache; the variable alone stops both. Both, in case a platform differs.
            OrtEnv.Instance().DisableTelemetryEvents();
            _disabled = true;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, CA2101 // Plain ASCII arguments; LibraryImport would need unsafe code in this project.
        public static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054, CA2101
    }
}
