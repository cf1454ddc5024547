# language: zh-CN
@product:mobile_plan @lang:zh-CN
功能: 手机套餐全程穿越
  新客户在一个渠道上走完入门手机套餐的全过程:订购、开通、使用、计费、变更、退订。
  每个"那么"都写明所检查的服务标准(scenarios/standards.yaml)。

  场景大纲: 在<channel>渠道穿越手机套餐
    假如 一位阅读<reads>短信、使用<channel>渠道的新客户

    # 订购
    当 客户在目录中查找手机套餐
    那么 目录展示的资费和条款与公布的一致 [ORD-PRICE-SHOWN]
    当 客户订购该手机套餐
    那么 订购被受理并给出订单号 [ORD-ACK]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 在营业厅网页上订购点击次数不超标准 [ORD-CLICKS]
    而且 在营业厅网页上订购页面加载次数不超标准 [ORD-PAGES]
    而且 在营业厅网页上订购用时不超标准 [ORD-TIME]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]
    而且 确认短信写明业务、资费、计费起点和退订方式 [ORD-SMS-CONTENT]

    # 开通
    当 客户等待开通
    那么 套餐按时开通 [ACT-ACTIVE-24H]
    而且 开通通知写明号码和套餐 [ACT-NOTICE]

    # 使用
    当 客户打电话并使用流量
    那么 每次通话和上网都能接通 [USE-WORKS]
    而且 每次使用都被如实记录 [USE-RECORDED]

    # 计费
    当 月末出账
    那么 账单通知短信按时送达 [BILL-NOTICE]
    而且 查询到的账单是本人的 [BILL-OWN]
    而且 账单金额与资费相符 [BILL-ACCURATE]
    而且 详单列出每次使用 [BILL-ITEMISED]

    # 变更
    当 客户变更为升级套餐
    那么 变更确认短信按时送达 [CHG-CONFIRM]
    而且 营业厅变更受理在标准时长内完成 [CHG-COUNTER-5MIN]
    而且 人工繁忙时热线提供其他办理方式 [HOT-QUEUE]
    而且 变更按资费规定的时间生效而非提前 [CHG-EFFECTIVE]

    # 退订
    当 客户退订该套餐
    那么 退订确认短信按时送达 [CAN-CONFIRM]
    而且 营业厅退订受理在标准时长内完成 [CAN-COUNTER-5MIN]
    而且 热线退订按键次数不超标准 [CAN-HOTLINE-KEYS]
    而且 热线语音菜单播报了退订方式 [HOT-MENU-CANCEL]
    而且 热线语音菜单播报了客户所需的其他每个选项 [HOT-MENU-OPTIONS]
    而且 热线语音菜单的返回键返回了上一级菜单 [HOT-MENU-BACK]
    而且 退订按时生效 [CAN-EFFECT-24H]
    而且 退订后不再收费 [CAN-CHARGES-STOP]

    @channel:api
    例子: API
      | channel | reads |
      | api     | 英文  |

    @channel:web
    例子: 网上营业厅
      | channel | reads |
      | web     | 中文  |

    @channel:mobile
    例子: 掌上营业厅
      | channel | reads |
      | mobile  | 中文  |

    @channel:counter
    例子: 营业厅柜台
      | channel | reads |
      | counter | 中文  |

    @channel:hotline
    例子: 热线语音菜单
      | channel | reads |
      | hotline | 中文  |

    @channel:sms
    例子: 短信营业厅
      | channel | reads |
      | sms     | 中文  |
