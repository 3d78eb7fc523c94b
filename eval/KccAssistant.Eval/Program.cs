namespace KccAssistant.Eval;

internal static class Program
{
    public static int Main() => 0;
}
