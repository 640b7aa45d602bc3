fn main() -> std::process::ExitCode {
    planscope::cli::main()
}
