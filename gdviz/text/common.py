"""Strings shared by every page: the app, navigation, the language picker, common control labels, axes."""

TEXT = {
    "lang.name": ("English", "简体中文"),
    "lang.label": ("Language", "语言"),
    "app.title": ("gdviz — gradient descent, step by step", "gdviz — 一步一步看懂梯度下降"),
    "app.tagline": (
        "Drag the sliders: the data, the line, each point's error, the loss and its slope move together.",
        "拖动滑块：数据、直线、每个点的误差、损失和它的斜率一起变化。",
    ),
    "nav.lessons": ("Lessons", "课程"),
    "nav.forward": ("1 · Forward propagation", "1 · 前向传播"),
    "nav.loss_curve": ("2 · Loss curve", "2 · 损失曲线"),
    "nav.update_rules": ("3 · Update rules", "3 · 更新方法"),
    "nav.learning_rate": ("4 · Learning rate", "4 · 学习率"),
    "nav.batching": ("5 · Batch, stochastic, mini-batch", "5 · 批量、随机、小批量"),
    "nav.optimizers": ("6 · Optimizers", "6 · 优化器"),
    "common.dataset": ("Dataset", "数据集"),
    "live.play": ("Play", "播放"),
    "live.pause": ("Pause", "暂停"),
    "live.keys": ("Space", "空格键"),
    "common.formula_kept": (
        "The page still shows the last function that worked: {formula}",
        "页面仍显示上一个可用的函数：{formula}",
    ),
    "common.w": ("weight w", "权重 w"),
    "common.b": ("bias b", "偏置 b"),
    "common.lr": ("learning rate η", "学习率 η"),
    "common.steps": ("steps", "步数"),
    "common.step": ("step", "步"),
    "common.step_n": ("step {n}", "第 {n} 步"),
    "common.loss": ("loss (MSE)", "损失 (MSE)"),
    "common.mse": ("MSE", "均方误差 MSE"),
    "common.data": ("data", "数据"),
    "common.line": ("line ŷ = w·x + b", "直线 ŷ = w·x + b"),
    "common.line_origin": ("line ŷ = w·x", "直线 ŷ = w·x"),
    "common.minimum": ("minimum", "最小值"),
    "common.current": ("current", "当前"),
    "common.start": ("start", "起点"),
    "common.diverged_at": ("diverged at step {n}", "在第 {n} 步发散"),
    "common.error_prefix": ("Cannot show this: {message}", "无法显示：{message}"),
    "common.chart_unavailable": (
        "This chart could not be drawn: the browser did not load the chart library ({error}). Reload the page.",
        "无法绘制此图表：浏览器未能加载图表库（{error}）。请刷新页面。",
    ),
    "common.source": ("From lesson {source} of the source articles.", "取自原始文章 {source}。"),
    "common.x_axis": ("x", "x"),
    "common.y_axis": ("y", "y"),
}

TEXT.update(
    {
        "nav.home": ("Start here", "从这里开始"),
        "home.summary": (
            "gdviz teaches gradient descent by letting you move every number yourself. The lessons follow the "
            "chain in order: the data and a line, each point's error, the mean squared error, its slope, the "
            "update, the learning rate.",
            "gdviz 让你亲手拖动每一个数来学习梯度下降。课程按顺序串起整条链路：数据与直线、每个点的误差、"
            "均方误差、它的斜率、参数更新、学习率。",
        ),
        "home.example": (
            "Drag **w**: the line turns, each dashed segment is a point's error (orange: line above, green: "
            "below), and the MSE is the mean of their squares.",
            "拖动 **w**：直线随之转动，每条虚线段是一个点的误差（橙色：直线在上，绿色：直线在下），"
            "均方误差 MSE 是这些误差平方的平均值。",
        ),
        "home.example_next": (
            "Lesson 1 writes out every step of this arithmetic",
            "第 1 课把这里的每一步计算都写出来",
        ),
        "home.forward": (
            "Points, the line y = w·x + b, each point's signed error and the MSE, with the arithmetic shown.",
            "数据点、直线 y = w·x + b、每个点带符号的误差和均方误差，每一步计算都写出来。",
        ),
        "home.loss_curve": (
            "The MSE as a curve of w and a bowl of (w, b); the tangent and what its slope says; search before descent.",
            "均方误差作为 w 的曲线和 (w, b) 的碗面；切线和斜率告诉我们什么；梯度下降之前的搜索方法。",
        ),
        "home.update_rules": (
            "Fixed value, raw slope, sign of slope and learning rate × slope, from the same start, side by side.",
            "固定值法、斜率法、斜率符号法和学习率 × 斜率，从同一起点出发并排比较。",
        ),
        "home.learning_rate": (
            "Too small, just right, too large, diverging: the stability limit and learning-rate schedules.",
            "太小、合适、太大、发散：稳定性上限与学习率调度。",
        ),
        "home.batching": (
            "Full batch, stochastic and mini-batch descent from the same start: paths, the noisy loss and its moving average.",
            "全批量、随机和小批量梯度下降从同一起点出发：路径、带噪声的损失和它的滑动平均。",
        ),
        "home.optimizers": (
            "Momentum, Nesterov, AdaGrad, RMSProp and Adam racing on one surface, with saddles and several minima.",
            "动量、Nesterov、AdaGrad、RMSProp 和 Adam 在同一曲面上比赛，包括鞍点和多个极小值。",
        ),
    }
)
