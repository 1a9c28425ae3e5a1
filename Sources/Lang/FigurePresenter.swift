/// An output sink that keeps figures as pictures instead of terminal text: the notebook
/// runner writes each one as a PNG beside the notebook and links it.
public protocol FigurePresenter: OutputSink {
    /// Takes the figure a statement gave as its value. The presenter reports what it did
    /// (or why it could not) through its own output.
    func present(_ figure: FigureObject)
}

/// An output sink that shows a statement's value itself rather than as a line of text:
/// the Jupyter kernel sends it as an `execute_result`, with HTML for tables.
public protocol ValuePresenter: OutputSink {
    /// Takes a statement's value and the text the terminal would show for it.
    func present(value: Value, text: String)
}

extension Session {
    /// Shows a statement's value: a figure goes to a presenting sink as a picture, anything
    /// else (or any figure when the sink is a terminal or a capture) is written as text.
    func present(_ value: Value) {
        if case .object(let figure as FigureObject) = value, let presenter = sink as? FigurePresenter {
            presenter.present(figure)
        } else if let presenter = sink as? ValuePresenter {
            presenter.present(value: value, text: value.display(color: color))
        } else {
            print(value.display(color: color))
        }
    }
}
