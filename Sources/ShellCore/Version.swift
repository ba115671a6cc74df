/// The program's version: `parley --version` prints it, and a research record names it in its first line
/// so that a replay by another version can say its answers may differ.
public enum ProgramVersion {
    public static let current = "0.1.0"
}
