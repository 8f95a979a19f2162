"""Taking a lesson away: the export menu, the standalone page and the runs' CSV."""

TEXT = {
    "export.menu": ("Export", "导出"),
    "export.help": (
        "Take this lesson with you: one HTML file that opens offline with its live sliders, and the runs as a table.",
        "把这一课带走：一个离线也能打开、滑块照样能拖的 HTML 文件，以及各次运行的数据表。",
    ),
    "export.html": ("Lesson as HTML (offline)", "课程 HTML（可离线）"),
    "export.csv": ("Runs as CSV", "运行数据 CSV"),
    "export.note": (
        "Exported from gdviz. Drag a slider: every state was computed in advance, nothing is sent anywhere.",
        "导出自 gdviz。拖动滑块即可：每个状态都已预先算好，不会发送任何数据。",
    ),
    "export.csv.run": ("run", "运行"),
    "export.csv.step": ("step", "步"),
    "export.csv.theta": ("θ{i}", "参数 θ{i}"),
    "export.csv.loss": ("loss", "损失"),
    "export.csv.grad": ("gradient ∂L/∂θ{i}", "梯度 ∂L/∂θ{i}"),
    "export.csv.lr": ("learning rate", "学习率"),
    "export.csv.batch_loss": ("batch loss", "批次损失"),
}
