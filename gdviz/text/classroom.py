"""Strings of the classroom tools every page shares: Share (link and QR code), Present, the keyboard, link
notices."""

TEXT = {
    "share.button": ("Share", "分享"),
    "share.title": ("Open this view on your phone", "用手机打开这个页面"),
    "share.how": (
        "Scan the code with a phone's camera, or copy the link: it opens this lesson with the same settings "
        "and language.",
        "用手机相机扫描二维码，或复制链接：打开的是同一课、同样的设置和语言。",
    ),
    "share.no_address": (
        "The browser has not told the server this page's address yet; close this and press Share again.",
        "浏览器还没有把本页地址告诉服务器；请关闭后再点一次“分享”。",
    ),
    "share.this_machine_only": (
        'This address only works on this computer: open gdviz through its network address (the "Network URL" '
        "the server prints when it starts), then share again.",
        "这个地址只能在本机打开：请用网络地址打开 gdviz（服务器启动时打印的 “Network URL”），再分享。",
    ),
    "share.too_long": (
        "This link ({chars} characters) is too long for a QR code; copy it instead.",
        "这个链接（{chars} 个字符）太长，无法生成二维码；请直接复制链接。",
    ),
    "link.notice": (
        "This link asked for what this page cannot show: {items}.",
        "链接里有本页无法显示的设置：{items}。",
    ),
    "link.left_out": ("{key}={value} left out", "{key}={value} 已忽略"),
    "link.moved": ("{key}={value} shown as {now}", "{key}={value} 按 {now} 显示"),
    "link.separator": ("; ", "；"),
    "keys.title": ("Keyboard", "键盘"),
    "keys.table": (
        "| Key | Does |\n|---|---|\n"
        "| ← → | the focused slider one step |\n"
        "| PgUp PgDn | ten steps |\n"
        "| Home End | to its ends |\n"
        "| Space | plays or pauses the run (lessons 3–6) |\n"
        "| . , | the run one step on, one back |\n\n"
        "A presenter's clicker sends these keys: Space and . , need no click on the page first.",
        "| 按键 | 作用 |\n|---|---|\n"
        "| ← → | 当前滑块移动一格 |\n"
        "| PgUp PgDn | 移动十格 |\n"
        "| Home End | 移到两端 |\n"
        "| 空格键 | 播放或暂停迭代过程（第 3–6 课） |\n"
        "| . , | 迭代前进一步、后退一步 |\n\n"
        "翻页笔发送的就是这些按键：空格键和 . , 无需先点击页面。",
    ),
    "present.label": ("Present", "演示模式"),
    "present.help": (
        "For a projector: larger text and charts, side notes folded away. The link keeps it as present=1; "
        "Share leaves it out, so phones open the lesson at their own size.",
        "用于投影：更大的文字和图表，收起次要说明。链接中记为 present=1；“分享”的链接不含它，手机按自己的尺寸打开。",
    ),
}
