"""Lesson 5: batch, stochastic and mini-batch gradient descent."""

TEXT = {
    "batching.title": ("Batch, stochastic, mini-batch", "批量、随机、小批量梯度下降"),
    "batching.intro": (
        "**Full-batch** gradient descent computes the slope from every point before each step: accurate, "
        "but one step costs a whole pass over the data. **Stochastic** gradient descent (SGD) steps after "
        "each single point: cheap and fast, but each point's slope is only a noisy guess of the true one, "
        "so the path wobbles. **Mini-batch** descent uses B points per step, the compromise that deep "
        "learning uses by default. All three start from the same point with the same shuffles (seed).",
        "**批量梯度下降**每走一步都用全部数据计算梯度：准确，但每一步都要把数据完整过一遍。"
        "**随机梯度下降**（SGD）每看一个样本就更新一次：又便宜又快，但单个样本的梯度只是真实梯度的带噪声的估计，"
        "所以路径摇摇晃晃。**小批量梯度下降**每一步用 B 个样本，是两者的折中，也是深度学习默认的做法。"
        "三种方法从同一起点出发，使用同一个随机种子打乱数据。",
    ),
    "batching.start_w": ("start w₀", "起点 w₀"),
    "batching.start_b": ("start b₀", "起点 b₀"),
    "batching.start_w1": ("start w₁", "起点 w₁"),
    "batching.start_w2": ("start w₂", "起点 w₂"),
    "batching.batch_size": ("batch size B (mini-batch run)", "批量大小 B（小批量那一条）"),
    "batching.batch_help": (
        "B = 1 is stochastic gradient descent, B = n is full batch, anything between is mini-batch.",
        "B = 1 就是随机梯度下降，B = n 就是批量梯度下降，介于两者之间就是小批量梯度下降。",
    ),
    "batching.batch_kind": (
        "B = 1: stochastic · 1 < B < {n}: mini-batch · B = {n}: full batch. Now B = {b}: **{kind}**.",
        "B = 1：随机 · 1 < B < {n}：小批量 · B = {n}：全批量。现在 B = {b}：**{kind}**。",
    ),
    "batching.seed": ("random seed (how the data is shuffled)", "随机种子（数据如何打乱）"),
    "batching.epochs": ("epochs (passes over the data)", "轮数 epoch（把数据过几遍）"),
    "batching.run_full": ("full batch", "全批量"),
    "batching.run_minibatch": ("mini-batch", "小批量"),
    "batching.run_stochastic": ("stochastic", "随机"),
    "batching.best": ("least-squares minimum", "最小二乘最优点"),
    "batching.paths_heading": ("Three paths on the MSE contour", "均方误差等高线上的三条路径"),
    "batching.clock": ("epochs done", "已完成的轮数"),
    "batching.clock_help": (
        "Drag the clock: at every moment the three runs have read the same data.",
        "拖动时钟：任何时刻三条路径读过的数据都一样多。",
    ),
    "batching.paths_help": (
        "The clock is the **epoch**, the number of passes over the data, so wherever it stands the three runs "
        "have used the same amount of data: full batch has made 1 step per epoch, mini-batch ⌈n/B⌉, "
        "stochastic n. Faint lines show each whole path.",
        "时钟是 **epoch（轮）**，即把数据完整过了几遍，所以无论停在哪里，三条路径用过的数据都一样多："
        "全批量每轮走 1 步，小批量每轮走 ⌈n/B⌉ 步，随机每轮走 n 步。浅色线是每条完整路径。",
    ),
    "batching.readout_heading": ("After {e} of {epochs} epochs", "{e} 轮之后（共 {epochs} 轮）"),
    "batching.col_run": ("run", "方法"),
    "batching.col_updates": ("updates so far", "已更新次数"),
    "batching.col_mse": ("MSE on all the data", "全部数据上的均方误差"),
    "batching.iter_heading": (
        "Iterations and epochs, with today's numbers",
        "迭代（iteration）与轮（epoch）：代入当前数值",
    ),
    "batching.iter_explain": (
        "An **iteration** is one update of the parameters, from one batch. An **epoch** is one pass over all "
        "n = {n} points, so it takes ⌈n / B⌉ iterations (the last batch of an epoch is smaller when B does not "
        "divide n). Every run below reads each point {epochs} times.",
        "一次**迭代**是用一个批次更新一次参数。一**轮**（epoch）是把全部 n = {n} 个样本过一遍，所以需要 ⌈n / B⌉ 次迭代"
        "（B 不能整除 n 时，每轮最后一个批次小一些）。下面每一种方法都把每个样本用了 {epochs} 次。",
    ),
    "batching.per_epoch": ("updates per epoch: ⌈{n} / {b}⌉ = **{spe}**", "每轮更新次数：⌈{n} / {b}⌉ = **{spe}**"),
    "batching.total": (
        "updates in {epochs} epochs: {epochs} × {spe} = **{total}**",
        "{epochs} 轮共更新：{epochs} × {spe} = **{total}** 次",
    ),
    "batching.final": ("MSE after {epochs} epochs: **{mse}**", "{epochs} 轮后的均方误差：**{mse}**"),
    "batching.final_diverged": ("diverged at update {n}", "在第 {n} 次更新时发散"),
    "batching.fair": (
        "Compare the runs at **equal epochs**, not equal iterations: that is the fair comparison, because then "
        "each has read the same data the same number of times (about the same work). Counted in iterations, "
        "full batch looks slow only because each of its iterations reads all n points.",
        "比较时要看**相同的轮数**，而不是相同的迭代次数：这才公平，因为这时每种方法读过的数据一样多（计算量也差不多）。"
        "如果按迭代次数比较，全批量看起来慢，只是因为它的每一次迭代都要读完全部 n 个样本。",
    ),
    "batching.loss_heading": ("The noisy loss and its moving average", "带噪声的损失和它的滑动平均"),
    "batching.loss_help": (
        "Each batch's own loss (the thin line) jumps around: it measures only B points. The loss on all the data "
        "(the dashed line, the cost) is what we really minimise. An exponentially weighted moving average of the "
        "batch losses shows the trend without computing the full loss: v_t = β·v_{{t−1}} + (1 − β)·loss_t, roughly "
        "the mean of the last 1/(1 − β) = {window} values. Without bias correction it starts at 0 and lags low for "
        "the first few dozen steps; dividing by 1 − βᵗ fixes that.",
        "每个批次自己的损失（细线）上下跳动：它只衡量了 B 个样本。全部数据上的损失（虚线，即 cost）才是真正要最小化的。"
        "对批次损失做指数加权平均，不用算全量损失也能看清趋势：v_t = β·v_{{t−1}} + (1 − β)·loss_t，大约是最近 "
        "1/(1 − β) = {window} 个值的平均。不做偏差修正时它从 0 开始，前几十步明显偏低；除以 1 − βᵗ 就修正了。",
    ),
    "batching.noisy_of": ("noisy curve of", "带噪声的曲线来自"),
    "batching.x_axis": ("x axis", "横轴"),
    "batching.x_epochs": ("epochs", "轮 epoch"),
    "batching.x_iterations": ("iterations", "迭代 iteration"),
    "batching.beta": ("β of the moving average", "滑动平均的 β"),
    "batching.bias": ("bias correction", "偏差修正"),
    "batching.bias_help": (
        "Divide the average by 1 − βᵗ so it does not start near 0.",
        "把平均值除以 1 − βᵗ，使它不从 0 附近起步。",
    ),
    "batching.batch_loss": ("{run}: loss of each batch", "{run}：每个批次的损失"),
    "batching.ewma_loss": ("moving average of the batch losses", "批次损失的滑动平均"),
    "batching.full_loss": ("{run}: loss on all the data", "{run}：全部数据上的损失"),
    "batching.axis_epochs": ("epochs (passes over the data)", "轮 epoch（把数据过几遍）"),
    "batching.axis_iterations": ("iterations of {run}", "{run} 的迭代次数"),
    "batching.diverged": (
        "{run} diverged at update {n}: the learning rate is too large for single batches of this data. "
        "Its path stops there; the axes stay put.",
        "{run} 在第 {n} 次更新时发散：对这组数据的单个批次来说学习率太大了。路径停在那里，坐标轴保持不变。",
    ),
    "batching.saddle_note": (
        "The noise has a use too: on a non-convex loss it can shake a path off a saddle point, where full-batch "
        "descent would stall (see lesson 6).",
        "噪声也有好处：在非凸的损失上，它能把路径从鞍点上晃下来，而全批量梯度下降会停在那里（见第 6 课）。",
    ),
    "batching.own_sample": (
        "Batches are rows: on this lesson the three runs descend on the {n} rows drawn from your file (seed 0), "
        "not on all of them.",
        "批次由行组成：本课的三种下降只在从你的文件中抽取的 {n} 行（种子 0）上进行，而不是全部行。",
    ),
}
